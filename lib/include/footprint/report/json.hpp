// A small streaming JSON writer: enough for the tools' reports, indented two
// spaces a level so that reports diff line by line in CI, with
// deterministic number formatting and strict UTF-8 output (invalid bytes in
// source data become U+FFFD rather than breaking the document).
#pragma once

#include "footprint/core/format.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace fp {

class JsonWriter {
  public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(bool flag);
    JsonWriter& value(long long number);
    JsonWriter& value(unsigned long long number);
    JsonWriter& value(int number) { return value(static_cast<long long>(number)); }
    JsonWriter& value(std::size_t number) { return value(static_cast<unsigned long long>(number)); }
    // Fixed-point with `decimals` digits; non-finite numbers become null.
    JsonWriter& value(double number, int decimals);
    JsonWriter& null();
    JsonWriter& strings(const std::vector<std::string>& items);

    // The document, ending in a newline.
    std::string str() const { return out_ + "\n"; }

  private:
    void separate();
    void newline(std::size_t depth);
    std::string out_;
    std::vector<bool> first_; // per open container: no member written yet
    bool after_key_ = false;
};

// `text` as a JSON string literal, quotes included.
std::string json_quote(std::string_view text);

} // namespace fp
