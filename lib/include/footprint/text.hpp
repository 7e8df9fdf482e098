// Small text helpers shared by the readers and their messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fp {

// `text` without surrounding spaces, tabs and line ends.
std::string_view trim(std::string_view text);

// Names joined with ", " for an error message, cut short with "..." past a
// few hundred characters: a broken file can have a megabyte of header.
std::string list_for_message(const std::vector<std::string>& names);

// A value from the data quoted for a message: 'value', or its first 60
// bytes (cut at a UTF-8 character boundary), "..." and its length, as in
// 'AAAA...' (300000000 bytes), since a field can be hundreds of megabytes.
// Control characters (a NUL would end the message) are shown as \xNN.
std::string quote_value(std::string_view value);

// `text` for XML, SVG or HTML text and attribute values: & < > " escaped,
// control characters but tab and newline (which XML 1.0 forbids) as spaces.
std::string xml_escape(std::string_view text);

// A source or connection string fit for messages and outputs: the one
// redactor every shown source goes through. Hides the password of every
// libpq form, with or without a "PG:" prefix: key = value pairs with any
// spacing and quoting (password, sslpassword), the user:password@ of a
// postgresql:// or postgres:// URI and its ?password= parameter. The
// value becomes *** and the rest is kept as written.
std::string without_password(std::string_view text);

} // namespace fp
