/* LD_PRELOAD shim for the race cases: just before the process renames or
 * links anything to a path ending in FP_APPEAR_AT, another "process" puts
 * a file there (this shim, writing "appeared meanwhile"). A writer that
 * checked for the file earlier must not replace it now.
 *
 *   cc -shared -fPIC -o appear_on_rename.so "$CASES/appear_on_rename.c" -ldl
 *   FP_APPEAR_AT=out.txt LD_PRELOAD=$PWD/appear_on_rename.so fp-info ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void maybe_appear(const char* to) {
    const char* at = getenv("FP_APPEAR_AT");
    if (at == NULL || to == NULL) return;
    const size_t n = strlen(to), m = strlen(at);
    if (n < m || strcmp(to + n - m, at) != 0) return;
    const int fd = open(to, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) return;
    static const char text[] = "appeared meanwhile\n";
    if (write(fd, text, sizeof text - 1) < 0) perror("appear_on_rename");
    close(fd);
}

int rename(const char* from, const char* to) {
    maybe_appear(to);
    int (*real)(const char*, const char*) = (int (*)(const char*, const char*))dlsym(RTLD_NEXT, "rename");
    return real(from, to);
}

int renameat2(int from_dir, const char* from, int to_dir, const char* to, unsigned flags) {
    maybe_appear(to);
    int (*real)(int, const char*, int, const char*, unsigned) =
        (int (*)(int, const char*, int, const char*, unsigned))dlsym(RTLD_NEXT, "renameat2");
    return real(from_dir, from, to_dir, to, flags);
}

int link(const char* from, const char* to) {
    maybe_appear(to);
    int (*real)(const char*, const char*) = (int (*)(const char*, const char*))dlsym(RTLD_NEXT, "link");
    return real(from, to);
}
