#include "footprint/check/check.hpp"
#include "footprint/core/text.hpp"
#include "footprint/report/json.hpp"
#include "footprint/report/provenance.hpp"

#include <cmath>

namespace fp {

namespace {

std::string status_of(const RuleResult& r) {
    if (r.not_run) return "not-run";
    if (!r.ran) return "skip";
    if (r.violations.empty()) return "pass";
    return r.severity == Severity::error ? "fail" : "warn";
}

std::string figure(double value) {
    const double magnitude = std::abs(value);
    return format_fixed(value, magnitude >= 100 || value == std::floor(value) ? 0 : magnitude >= 1 ? 1 : 3);
}

std::string plural(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string violation_lines(const Violation& v, const std::string& indent) {
    std::string text = indent + v.message + "\n";
    if (!std::isnan(v.measured)) {
        // "47.6% (threshold 1%)", "3 parts (threshold 1)"
        const bool percent = v.unit == "%";
        text += indent + "  measured " + figure(v.measured) + (percent ? "%" : " " + v.unit);
        if (!std::isnan(v.threshold)) text += " (threshold " + figure(v.threshold) + (percent ? "%" : "") + ")";
        text += "\n";
    }
    if (!v.hint.empty()) text += indent + "  hint: " + v.hint + "\n";
    return text;
}

} // namespace

std::string check_text(const CheckReport& report, bool warnings_as_errors) {
    std::string text = provenance_text(report.provenance, "# ");
    if (!text.empty()) text += "\n";
    if (!report.footprints.empty()) text += "footprints  " + report.footprints + "\n";
    if (!report.membership.empty()) text += "membership  " + report.membership + "\n";
    if (!report.dissolved_from.empty())
        text += "dissolved   its members' polygons from " + report.dissolved_from + "\n";
    text += "checked     " + plural(report.footprint_count, "footprint") + "\n";
    for (const auto& note : report.notes)
        text += "warning     " + note + "\n";
    text += "\n";
    std::size_t width = 0;
    for (const auto& r : report.rules)
        width = std::max(width, r.id.size());
    std::size_t passed = 0, failed = 0, warned = 0, skipped = 0, not_run = 0;
    for (const auto& r : report.rules) {
        const std::string status = status_of(r);
        passed += status == "pass";
        failed += status == "fail";
        warned += status == "warn";
        skipped += status == "skip";
        not_run += status == "not-run";
        std::string line = r.not_run ? "warn" : status;
        for (auto& c : line)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        line += "  " + r.id + std::string(width - r.id.size(), ' ') + "  ";
        if (r.not_run)
            line += "did not run: " + r.skipped;
        else if (!r.ran)
            line += r.skipped;
        else if (r.violations.empty())
            line += r.summary;
        else
            line += plural(r.violations.size(), r.severity == Severity::error ? "error" : "warning");
        text += line + "\n";
        for (const auto& v : r.violations)
            text += violation_lines(v, "      ");
    }
    text += "\n";
    const std::size_t errors = report.count(Severity::error), warnings = report.count(Severity::warning);
    text += (report.failed(warnings_as_errors) ? "FAILED: " : "passed: ") + plural(errors, "error") + ", " +
            plural(warnings, "warning") + "; rules: " + std::to_string(passed) + " passed, " + std::to_string(failed) +
            " failed, " + std::to_string(warned) + " warned, " +
            (not_run ? std::to_string(not_run) + " did not run, " : "") + std::to_string(skipped) + " skipped\n";
    return text;
}

std::string check_json(const CheckReport& report, bool warnings_as_errors) {
    JsonWriter w = begin_json_report("footprint-check/1", &report.provenance);
    w.key("footprints");
    report.footprints.empty() ? w.null() : w.value(report.footprints);
    w.key("membership");
    report.membership.empty() ? w.null() : w.value(report.membership);
    w.key("dissolved_from");
    report.dissolved_from.empty() ? w.null() : w.value(report.dissolved_from);
    w.key("footprint_count").value(report.footprint_count);
    w.key("failed").value(report.failed(warnings_as_errors));
    w.key("errors").value(report.count(Severity::error));
    w.key("warnings").value(report.count(Severity::warning));
    w.key("notes").strings(report.notes);
    w.key("rules").begin_array();
    for (const auto& r : report.rules) {
        w.begin_object();
        w.key("id").value(r.id);
        w.key("severity").value(to_string(r.severity));
        w.key("status").value(status_of(r));
        w.key("summary").value(r.summary);
        w.key("skipped");
        r.ran ? w.null() : w.value(r.skipped);
        w.key("violations").begin_array();
        for (const auto& v : r.violations) {
            w.begin_object();
            w.key("codes").strings(v.codes);
            w.key("message").value(v.message);
            w.key("measured").value(v.measured, 3);
            w.key("threshold").value(v.threshold, 3);
            w.key("unit");
            v.unit.empty() ? w.null() : w.value(v.unit);
            w.key("hint");
            v.hint.empty() ? w.null() : w.value(v.hint);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.str();
}

std::string check_junit(const CheckReport& report, bool warnings_as_errors) {
    std::size_t failures = 0, skipped = 0;
    const auto fails = [&](const RuleResult& r) {
        if (r.not_run) return warnings_as_errors;
        return r.ran && !r.violations.empty() && (r.severity == Severity::error || warnings_as_errors);
    };
    for (const auto& r : report.rules) {
        failures += fails(r);
        skipped += !r.ran && !fails(r);
    }
    // The notes on the definition are one more test case.
    const bool notes_fail = !report.notes.empty() && warnings_as_errors;
    const std::size_t tests = report.rules.size() + (report.notes.empty() ? 0 : 1);
    failures += notes_fail;
    const std::string suite = report.footprints.empty() ? report.membership : report.footprints;
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    xml += "<testsuites name=\"fp-check\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
           std::to_string(failures) + "\" errors=\"0\" skipped=\"" + std::to_string(skipped) + "\">\n";
    xml += "  <testsuite name=\"" + xml_escape(suite) + "\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
           std::to_string(failures) + "\" errors=\"0\" skipped=\"" + std::to_string(skipped) + "\">\n";
    for (const auto& r : report.rules) {
        const std::string group = r.id.substr(0, r.id.find('.'));
        xml += "    <testcase classname=\"fp-check." + xml_escape(group) + "\" name=\"" + xml_escape(r.id) + "\"";
        std::string details;
        for (const auto& v : r.violations)
            details += violation_lines(v, "");
        if (r.not_run && fails(r)) {
            xml += ">\n      <failure type=\"warning\" message=\"" + xml_escape("did not run: " + r.skipped) +
                   "\"/>\n    </testcase>\n";
        } else if (!r.ran) {
            xml += ">\n      <skipped message=\"" + xml_escape((r.not_run ? "did not run: " : "") + r.skipped) +
                   "\"/>\n    </testcase>\n";
        } else if (fails(r)) {
            xml += ">\n      <failure type=\"" + std::string(to_string(r.severity)) + "\" message=\"" +
                   xml_escape(plural(r.violations.size(), "violation") + ": " + r.violations.front().message) + "\">" +
                   xml_escape(details) + "</failure>\n    </testcase>\n";
        } else if (!r.violations.empty()) {
            xml += ">\n      <system-out>" + xml_escape(details) + "</system-out>\n    </testcase>\n";
        } else {
            xml += "/>\n";
        }
    }
    if (!report.notes.empty()) {
        std::string details;
        for (const auto& note : report.notes)
            details += note + "\n";
        xml += "    <testcase classname=\"fp-check.definition\" name=\"definition\">\n      ";
        xml += notes_fail ? "<failure type=\"warning\" message=\"" + xml_escape(report.notes.front()) + "\">" +
                                xml_escape(details) + "</failure>\n"
                          : "<system-out>" + xml_escape(details) + "</system-out>\n";
        xml += "    </testcase>\n";
    }
    xml += "  </testsuite>\n</testsuites>\n";
    return xml;
}

} // namespace fp
