// Reads and validates the scheme file (shape: docs/scheme-file.md). Every
// problem is collected, then reported at once in one InvalidArgument.
#include "certreg/scheme/scheme_loader.h"

#include <cmath>
#include <set>

#include "certreg/common/sha256.h"
#include "scheme/json_reader.h"

namespace certreg::scheme {
namespace {

using domain::Scheme;
using nlohmann::json;

// Calls `read(element, path)` for each element of the array member `key`;
// records a problem when the array is required non-empty and is empty.
// False when the member is missing or not an array (recorded too).
template <typename Read>
bool ForEachElement(ObjectReader& parent, const std::string& key, bool non_empty, Read read) {
  const json* array = parent.Array(key);
  if (array == nullptr) return false;
  if (non_empty && array->empty()) parent.Problem(key, "must not be empty");
  for (std::size_t i = 0; i < array->size(); ++i) read((*array)[i], Element(parent.PathOf(key), i));
  return true;
}

// Records a problem when `id` was already seen under `key`.
void CheckUnique(std::set<std::string>& seen, const std::string& id, const std::string& path, Problems& problems) {
  if (!seen.insert(id).second) problems.Add(path, "duplicate \"" + id + "\"");
}

// Reads the "id" of an element and its names in both languages into `def`.
template <typename Def>
void ReadIdAndNames(ObjectReader& reader, Def& def) {
  def.id = reader.String("id").value_or("");
  def.name_zh = reader.String("name_zh").value_or("");
  def.name_en = reader.String("name_en").value_or("");
}

// The "area" of `reader` names an area of `group` ("management" or "service");
// an empty one was reported when it was read.
void CheckArea(ObjectReader& reader, const Scheme& scheme, const std::string& id, const std::string& group) {
  if (id.empty()) return;
  const domain::AreaDef* area = scheme.FindArea(id);
  if (area == nullptr) {
    reader.Problem("area", "unknown area \"" + id + "\"");
  } else if (area->group != group) {
    reader.Problem("area", "\"" + id + "\" is not a " + group + " area");
  }
}

// Reads each element of the array `key` of `root` (`required` or not) into a
// `Def`: its "id" (unique in the array) and names in both languages, the rest
// by `read(element, def)`; reports the members nothing asked for and appends
// the `Def` to `out`.
template <typename Def, typename Read>
void ReadDefs(ObjectReader& root, const char* key, bool required, Problems& problems, std::vector<Def>& out,
              Read read) {
  std::set<std::string> ids;
  ForEachElement(root, key, required, [&](const json& value, const std::string& path) {
    ObjectReader element(value, path, problems);
    Def def;
    ReadIdAndNames(element, def);
    read(element, def);
    if (!def.id.empty()) CheckUnique(ids, def.id, element.PathOf("id"), problems);
    element.Finish();
    out.push_back(std::move(def));
  });
}

void ReadRule(ObjectReader& rule, Scheme& scheme, Problems&) {
  auto from = rule.Date("effective_from");
  auto until = rule.Date("valid_until");
  if (from && until && *until < *from) rule.Problem("valid_until", "must not be before effective_from");
  scheme.rule_effective_from = from.value_or(domain::Date());
  scheme.rule_valid_until = until.value_or(domain::Date());
}

void ReadCertificate(ObjectReader& certificate, Scheme& scheme, Problems&) {
  scheme.basis = certificate.String("basis").value_or("");
  scheme.certification_body = certificate.String("certification_body").value_or("");
  scheme.category = certificate.String("category").value_or("");
  scheme.field = certificate.String("field").value_or("");
  scheme.mode = certificate.String("mode").value_or("");
  if (auto pattern = certificate.String("number_pattern")) {
    auto count = [&](const std::string& placeholder) {
      std::size_t n = 0;
      for (auto pos = pattern->find(placeholder); pos != std::string::npos; pos = pattern->find(placeholder, pos + 1)) {
        ++n;
      }
      return n;
    };
    if (count("{YYYY}") != 1 || count("{NNNNN}") != 1) {
      certificate.Problem("number_pattern", "must contain {YYYY} and {NNNNN} once each");
    }
    scheme.certificate_number_pattern = *pattern;
  }
  scheme.validity_years = certificate.Integer("validity_years", 1, 100).value_or(0);
}

void ReadClocks(ObjectReader& clocks, Scheme& scheme, Problems&) {
  scheme.acceptance_working_days = clocks.Integer("acceptance_working_days", 1, 366).value_or(0);
  scheme.notice_working_days = clocks.Integer("notice_working_days", 1, 366).value_or(0);
  scheme.recertification_window_months = clocks.Integer("recertification_window_months", 1, 1200).value_or(0);
  scheme.surveillance_interval_months = clocks.Integer("surveillance_interval_months", 1, 1200).value_or(0);
  scheme.recertification_grace_months = clocks.Integer("recertification_grace_months", 1, 1200).value_or(0);
}

void ReadOnsiteDays(ObjectReader& kinds, Scheme& scheme, Problems& problems) {
  for (const char* kind : {"initial", "surveillance", "special", "recertification"}) {
    const json* range_value = kinds.Object(kind);
    if (range_value == nullptr) continue;
    ObjectReader range(*range_value, kinds.PathOf(kind), problems);
    auto min = range.Integer("min", 1, 366);
    auto max = range.Integer("max", 1, 366);
    if (min && max && *min > *max) range.Problem("min", "must not exceed max");
    if (min && max) scheme.onsite_days[kind] = domain::OnsiteDays{*min, *max};
    range.Finish();
  }
}

void ReadAreas(ObjectReader& root, Scheme& scheme, Problems& problems) {
  bool weights_valid = true;
  ReadDefs(root, "areas", true, problems, scheme.areas, [&](ObjectReader& area, domain::AreaDef& def) {
    def.group = area.String("group").value_or("");
    auto weight = area.NumberIn("weight", 0, 1);
    weights_valid = weights_valid && weight.has_value();
    def.weight = weight.value_or(0);
    if (!def.group.empty() && def.group != "service" && def.group != "management") {
      area.Problem("group", "must be \"service\" or \"management\"");
    }
  });
  if (scheme.areas.empty()) return;
  double sum = 0;
  bool has_service = false, has_management = false;
  for (const auto& area : scheme.areas) {
    sum += area.weight;
    has_service = has_service || area.group == "service";
    has_management = has_management || area.group == "management";
  }
  if (weights_valid && std::fabs(sum - 1.0) > 1e-9) {
    problems.Add("areas", "weights must sum to 1, not " + FormatNumber(sum));
  }
  if (!has_service) problems.Add("areas", "must include a service area");
  if (!has_management) problems.Add("areas", "must include a management area");
}

void ReadIndicators(ObjectReader& root, Scheme& scheme, Problems& problems) {
  auto read = [&](ObjectReader& indicator, domain::IndicatorDef& def) {
    def.area = indicator.String("area").value_or("");
    def.threshold = indicator.NumberIn("threshold", 0, 100).value_or(0);
    CheckArea(indicator, scheme, def.area, "management");
  };
  ReadDefs(root, "indicators", true, problems, scheme.indicators, read);
  for (std::size_t i = 0; i < scheme.areas.size(); ++i) {
    const auto& area = scheme.areas[i];
    if (area.group != "management") continue;
    bool has_indicator = false;
    for (const auto& indicator : scheme.indicators) has_indicator = has_indicator || indicator.area == area.id;
    if (!has_indicator) problems.Add(Element("areas", i), "management area \"" + area.id + "\" has no indicators");
  }
}

void ReadEnhancements(ObjectReader& root, Scheme& scheme, Problems& problems) {
  ReadDefs(root, "enhancements", false, problems, scheme.enhancements,
           [](ObjectReader& enhancement, domain::EnhancementDef& def) {
             def.weight = enhancement.NumberIn("weight", 0, 1).value_or(0);
           });
}

void ReadSheets(ObjectReader& root, Scheme& scheme, Problems& problems) {
  ReadDefs(root, "sheets", false, problems, scheme.sheets, [&](ObjectReader& sheet, domain::SheetDef& def) {
    def.area = sheet.String("area").value_or("");
    auto total = sheet.Number("total");
    if (total && *total <= 0) sheet.Problem("total", "must be positive");
    bool points_valid = true;
    ForEachElement(sheet, "items", true, [&](const json& item_value, const std::string& item_path) {
      ObjectReader item(item_value, item_path, problems);
      def.item_names_zh.push_back(item.String("name_zh").value_or(""));
      auto points = item.Number("points");
      if (points && *points <= 0) item.Problem("points", "must be positive");
      points_valid = points_valid && points.has_value() && *points > 0;
      def.item_points.push_back(points.value_or(0));
      item.Finish();
    });
    double sum = 0;
    for (double points : def.item_points) sum += points;
    if (total && *total > 0 && points_valid && std::fabs(sum - *total) > 1e-9) {
      sheet.Problem("total", "is " + FormatNumber(*total) + " but the items' points sum to " + FormatNumber(sum));
    }
    CheckArea(sheet, scheme, def.area, "service");
  });
}

void ReadFindingCodes(ObjectReader& root, Scheme& scheme, Problems& problems) {
  std::set<std::string> codes;
  const bool present = ForEachElement(root, "finding_codes", true, [&](const json& value, const std::string& path) {
    ObjectReader code(value, path, problems);
    domain::FindingCodeDef def;
    def.code = code.String("code").value_or("");
    def.name_zh = code.String("name_zh").value_or("");
    if (!def.code.empty()) CheckUnique(codes, def.code, code.PathOf("code"), problems);
    code.Finish();
    scheme.finding_codes.push_back(std::move(def));
  });
  if (!present) return;
  for (const auto& indicator : scheme.indicators) {
    if (!indicator.id.empty() && !codes.contains(indicator.id)) {
      problems.Add("finding_codes", "indicator \"" + indicator.id + "\" is missing");
    }
  }
}

void ReadGrounds(ObjectReader& grounds, Scheme& scheme, Problems& problems) {
  std::set<std::string> codes;
  auto read_list = [&](const std::string& key, std::vector<domain::GroundsDef>& out) {
    ForEachElement(grounds, key, true, [&](const json& element, const std::string& path) {
      ObjectReader entry(element, path, problems);
      domain::GroundsDef def;
      def.code = entry.String("code").value_or("");
      def.text_zh = entry.String("text_zh").value_or("");
      def.text_en = entry.String("text_en").value_or("");
      if (!def.code.empty()) CheckUnique(codes, def.code, entry.PathOf("code"), problems);
      entry.Finish();
      out.push_back(std::move(def));
    });
  };
  read_list("suspension", scheme.suspension_grounds);
  read_list("revocation", scheme.revocation_grounds);
  read_list("cancellation", scheme.cancellation_grounds);
}

// Reads the object under `key` of `root` with `read`, then reports its members
// that `read` did not ask for; a missing or non-object member was reported by
// Object() and is not read.
void ReadSection(ObjectReader& root, const char* key, Scheme& scheme, Problems& problems,
                 void (*read)(ObjectReader&, Scheme&, Problems&)) {
  const json* value = root.Object(key);
  if (value == nullptr) return;
  ObjectReader section(*value, key, problems);
  read(section, scheme, problems);
  section.Finish();
}

}  // namespace

Result<domain::Scheme> LoadScheme(std::string_view text) {
  Problems problems;
  std::optional<json> document = ParseJson(text, problems);
  if (!document) return Status::InvalidArgument(problems.Joined());

  Scheme scheme;
  ObjectReader root(*document, "", problems);
  scheme.id = root.String("id").value_or("");
  scheme.version = root.String("version").value_or("");
  ReadSection(root, "rule", scheme, problems, ReadRule);
  ReadSection(root, "certificate", scheme, problems, ReadCertificate);
  ReadSection(root, "clocks", scheme, problems, ReadClocks);
  ReadSection(root, "onsite_days", scheme, problems, ReadOnsiteDays);
  ReadAreas(root, scheme, problems);
  ReadIndicators(root, scheme, problems);  // after the areas it refers to
  ReadEnhancements(root, scheme, problems);
  ReadSheets(root, scheme, problems);        // after the areas
  ReadFindingCodes(root, scheme, problems);  // after the indicators
  ReadSection(root, "grounds", scheme, problems, ReadGrounds);
  root.Finish();
  if (!problems.empty()) return Status::InvalidArgument(problems.Joined());

  scheme.sha256 = ToHex(Sha256Of(text));
  return scheme;
}

Result<domain::Scheme> LoadSchemeFile(const std::string& path) {
  return LoadFile<domain::Scheme>(path, "scheme", LoadScheme);
}

}  // namespace certreg::scheme
