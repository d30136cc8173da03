// The public index rows a command writes: only the postings that change, and
// none when no indexed field (number, USCC, names) changed.
#include <algorithm>
#include <iterator>

#include "projections/projection_fixture.h"

using namespace certreg::testing;

namespace {

const Holder kXimo{"北京希莫认证服务有限公司", "91110108MA01ABCD1"};

// The rows of `command` done on the certified file `f`, as ProjectFile and as
// the command path's CommandProjection make them.
std::pair<ProjectionWrites, ProjectionWrites> RowsOf(Lifecycle& f, const ChangeCertificate& command) {
  const FileState before = f.state();
  const std::size_t done = f.history().size();
  f.Do(command, Clerk());
  std::vector<Event> events(f.history().begin() + static_cast<std::ptrdiff_t>(done), f.history().end());
  ProjectionWrites whole = ProjectFile("F-1", before, f.state(), events, TheScheme());
  CommandProjection projection(before);
  FileState state = before;
  for (const Event& e : events) projection.Fold(state, e, TheScheme());
  return {std::move(whole), std::move(projection).Rows("F-1", state, 0, TheScheme())};
}

ProjectionWrites IndexWrites(const ProjectionWrites& writes) {
  ProjectionWrites index;
  std::copy_if(writes.begin(), writes.end(), std::back_inserter(index),
               [](const RowWrite& w) { return std::string_view(w.column_family) == kPublicIndexCf; });
  return index;
}
std::size_t IndexRows(const ProjectionWrites& writes) { return IndexWrites(writes).size(); }

ChangeCertificate Change(std::optional<std::string> holder_name, std::optional<std::string> address) {
  ChangeCertificate change;
  change.holder_name = std::move(holder_name);
  change.address = std::move(address);
  change.reason = "变更";
  change.approver = "陈杰";
  return change;
}

}  // namespace

TEST_CASE("an address change writes no public index row", "[projections][search][keys]") {
  Lifecycle f;
  CertifiedFile(f, kXimo, "CMM-525-2026-00001");
  ChangeCertificate change = Change(std::nullopt, "北京市海淀区中关村大街1号");
  change.act = {f.today(), "email"};
  const auto [whole, command] = RowsOf(f, change);
  CHECK(IndexRows(whole) == 0);
  CHECK(IndexRows(command) == 0);
  CHECK(std::any_of(whole.begin(), whole.end(),
                    [](const RowWrite& w) { return std::string_view(w.column_family) == kCertificatesCf; }));
}

TEST_CASE("a name change writes the postings of the new name's grams the index lacked", "[projections][search][keys]") {
  Lifecycle f;
  CertifiedFile(f, kXimo, "CMM-525-2026-00001");
  ChangeCertificate change = Change("北京希莫检测有限公司", std::nullopt);
  change.act = {f.today(), "email"};
  const auto [whole, command] = RowsOf(f, change);
  CHECK(IndexWrites(whole) == IndexWrites(command));
  const std::string number = "CMM-525-2026-00001";
  const auto writes = [&](const std::string& gram) {
    return std::count_if(whole.begin(), whole.end(), [&](const RowWrite& w) { return w.key == GramKey(gram, number); });
  };
  CHECK(writes("希莫检测") == 1);  // new
  CHECK(writes("北京希莫") == 0);  // already there: the former name keeps it
  CHECK(writes("有限公司") == 0);
  CHECK(std::all_of(whole.begin(), whole.end(), [](const RowWrite& w) {
    return std::string_view(w.column_family) != kPublicIndexCf || w.value.has_value();  // a former name keeps its grams
  }));
}
