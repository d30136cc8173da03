// The working-day calendar file:
//   {"source": "...", "holidays": ["2026-10-01", ...], "makeup_workdays": ["2026-09-20", ...]}
// Both lists are required (may be empty); a date in both is an error.
// "source" (optional, free text) says where the dates come from.
#include "certreg/scheme/scheme_loader.h"
#include "scheme/json_reader.h"

namespace certreg::scheme {
namespace {

std::set<domain::Date> ReadDates(ObjectReader& root, const std::string& key, Problems& problems) {
  std::set<domain::Date> dates;
  const nlohmann::json* array = root.Array(key);
  if (array == nullptr) return dates;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const nlohmann::json& value = (*array)[i];
    std::optional<domain::Date> date;
    if (value.is_string()) date = domain::Date::Parse(value.get_ref<const std::string&>());
    if (!date) {
      problems.Add(Element(key, i), "must be a date \"YYYY-MM-DD\"");
    } else if (!dates.insert(*date).second) {
      problems.Add(Element(key, i), "duplicate date " + date->ToString());
    }
  }
  return dates;
}

}  // namespace

Result<domain::WorkingCalendar> LoadCalendar(std::string_view text) {
  Problems problems;
  std::optional<nlohmann::json> document = ParseJson(text, problems);
  if (!document) return Status::InvalidArgument(problems.Joined());
  ObjectReader root(*document, "", problems);
  (void)root.OptionalString("source");
  std::set<domain::Date> holidays = ReadDates(root, "holidays", problems);
  std::set<domain::Date> makeup = ReadDates(root, "makeup_workdays", problems);
  root.Finish();
  for (const domain::Date& date : makeup) {
    if (holidays.contains(date)) {
      problems.Add("makeup_workdays", date.ToString() + " is also listed in holidays");
    }
  }
  if (!problems.empty()) return Status::InvalidArgument(problems.Joined());
  return domain::WorkingCalendar(std::move(holidays), std::move(makeup));
}

Result<domain::WorkingCalendar> LoadCalendarFile(const std::string& path) {
  return LoadFile<domain::WorkingCalendar>(path, "calendar", LoadCalendar);
}

}  // namespace certreg::scheme
