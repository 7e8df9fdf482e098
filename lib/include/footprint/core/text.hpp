// Small text helpers shared by the readers and their messages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fp {

// `text` without surrounding spaces, tabs and line ends.
std::string_view trim(std::string_view text);

// Names joined with ", " for an error message, cut short with "..." past a
// few hundred characters: a broken file can have a megabyte of header.
std::string list_for_message(const std::vector<std::string>& names);

// The first ten of `items` joined with "; ", then "; and N more".
std::string first_few(const std::vector<std::string>& items);

// A value from the data quoted for a message: 'value', or its first 60
// bytes (cut at a UTF-8 character boundary), "..." and its length, as in
// 'AAAA...' (300000000 bytes), since a field can be hundreds of megabytes.
// Control characters (a NUL would end the message) are shown as \xNN.
std::string quote_value(std::string_view value);

// The one way a string from data (a code, a name, a field value, a layer
// name, a path, a message) enters XML, SVG or HTML, as element text or a
// quoted attribute value: & < > " ' escaped, control characters but tab and
// newline (which XML 1.0 forbids) as spaces, and invalid UTF-8 as U+FFFD, so
// that the result is well-formed and can never open an element or leave its
// attribute. Not for a <script> or <style> body, an unquoted attribute, a
// URL or an id: nothing from data goes there.
std::string xml_escape(std::string_view text);

// Length of the valid UTF-8 sequence starting at text[i], or 0 when the
// bytes there are not one (overlong, surrogate, beyond U+10FFFF, cut short).
std::size_t utf8_length(std::string_view text, std::size_t i);

// `text` with every byte that does not start a valid UTF-8 sequence replaced
// by U+FFFD, as the JSON writer does.
std::string valid_utf8(std::string_view text);

// Makes the text values read from one layer or table valid UTF-8, where
// they enter from data, so that every writer gets valid UTF-8; counts what
// it replaced for the one warning per layer.
class Utf8Repair {
  public:
    // `context` names the layer in the warning, as in the loader's messages.
    explicit Utf8Repair(std::string context) : context_(std::move(context)) {}
    // Replaces invalid UTF-8 in `value` of feature (or line) `fid`, field
    // `field`, with U+FFFD.
    void fix(std::string& value, std::int64_t fid, std::string_view field);
    // "'L' has N values that are not valid UTF-8 (first: feature F, field
    // NAME); replaced with U+FFFD", or empty when nothing was replaced.
    std::string warning(std::string_view feature = "feature") const;

  private:
    std::string context_;
    std::size_t count_ = 0;
    std::int64_t first_fid_ = 0;
    std::string first_field_;
};

// A source or connection string fit for messages and outputs: the one
// redactor every shown source goes through. Hides the password of every
// libpq form, with or without a "PG:" prefix: key = value pairs with any
// spacing and quoting (password, sslpassword), the user:password@ of a
// postgresql:// or postgres:// URI and its ?password= parameter. The
// value becomes *** and the rest is kept as written.
std::string without_password(std::string_view text);

} // namespace fp
