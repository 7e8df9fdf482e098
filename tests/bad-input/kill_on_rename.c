/* LD_PRELOAD shim for the interrupted-write cases. The process sends itself
 * signal FP_KILL_SIGNAL when it is about to rename something to a path
 * ending in FP_KILL_AT: when a result is complete under its temporary name
 * and about to be moved into place, the last moment a kill can interrupt.
 *
 *   cc -shared -fPIC -o kill_on_rename.so "$CASES/kill_on_rename.c" -ldl
 *   FP_KILL_AT=out.txt FP_KILL_SIGNAL=9 LD_PRELOAD=$PWD/kill_on_rename.so fp-info ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void maybe_die(const char* to) {
    const char* at = getenv("FP_KILL_AT");
    const char* sig = getenv("FP_KILL_SIGNAL");
    if (at == NULL || sig == NULL || to == NULL) return;
    const size_t n = strlen(to), m = strlen(at);
    /* As from another process (kill, not raise, which only this thread
     * would see), then wait here to be ended. */
    if (n >= m && strcmp(to + n - m, at) == 0) {
        kill(getpid(), atoi(sig));
        for (;;)
            pause();
    }
}

int rename(const char* from, const char* to) {
    maybe_die(to);
    int (*real)(const char*, const char*) = (int (*)(const char*, const char*))dlsym(RTLD_NEXT, "rename");
    return real(from, to);
}

int renameat(int from_dir, const char* from, int to_dir, const char* to) {
    maybe_die(to);
    int (*real)(int, const char*, int, const char*) =
        (int (*)(int, const char*, int, const char*))dlsym(RTLD_NEXT, "renameat");
    return real(from_dir, from, to_dir, to);
}

int renameat2(int from_dir, const char* from, int to_dir, const char* to, unsigned flags) {
    maybe_die(to);
    int (*real)(int, const char*, int, const char*, unsigned) =
        (int (*)(int, const char*, int, const char*, unsigned))dlsym(RTLD_NEXT, "renameat2");
    return real(from_dir, from, to_dir, to, flags);
}
