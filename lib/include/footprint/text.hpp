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

// `text` in single quotes for a message, cut to its first 60 characters and
// "..." when longer, so that a hostile value cannot flood the terminal.
std::string quoted_excerpt(std::string_view text);

// `text` for XML, SVG or HTML text and attribute values: & < > " escaped,
// control characters but tab and newline (which XML 1.0 forbids) as spaces.
std::string xml_escape(std::string_view text);

// A connection string fit for messages and reports: every password=VALUE
// (quoted or not) becomes password=***.
std::string without_password(std::string_view text);

} // namespace fp
