// Shared by the fuzz targets: the input as a file in GDAL's in-memory file
// system, and the rule for what counts as an expected outcome.
//
// A fuzz target feeds its bytes to a library reader through a /vsimem/ file
// (no disk I/O). The library's typed errors (fp::Error and its subclasses)
// are the expected way to refuse bad input and are swallowed; anything else
// escapes LLVMFuzzerTestOneInput and aborts the run: another exception type
// (std::out_of_range, std::logic_error, std::bad_alloc...), a crash or a
// sanitizer report. std::bad_alloc is not excused: under AddressSanitizer a
// huge allocation is reported, not thrown, and an input of a few kilobytes
// that asks for gigabytes is a bug to fix.
#pragma once

#include "footprint/core/error.hpp"

#include <cpl_vsi.h>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace fpfuzz {

// The bytes as /vsimem/fuzz/NAME for as long as this lives.
class MemFile {
  public:
    MemFile(std::string path, const std::uint8_t* data, std::size_t size) : path_(std::move(path)) {
        // GDAL reads the buffer in place; nothing opens the file for writing.
        static std::uint8_t nothing = 0;
        if (data == nullptr) data = &nothing;
        VSILFILE* file =
            VSIFileFromMemBuffer(path_.c_str(), const_cast<GByte*>(data), static_cast<vsi_l_offset>(size), FALSE);
        if (file != nullptr) (void)VSIFCloseL(file);
    }
    ~MemFile() { VSIUnlink(path_.c_str()); }
    MemFile(const MemFile&) = delete;
    MemFile& operator=(const MemFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// Runs `read`; the library's typed errors are expected outcomes.
template <typename Read> void expect_typed_errors(Read read) {
    try {
        read();
    } catch (const fp::Error&) {
        // Refused with a message naming the problem: fine.
    }
}

} // namespace fpfuzz
