// Reading a table in chunks, and the page bounds of api.md.
#include "projections/paging.h"

#include "certreg/projections/query.h"

namespace certreg::projections::internal {
namespace {

constexpr std::size_t kScanChunk = 1024;

}  // namespace

Result<KeyValues> ScanAll(const RowReader& reader, std::string_view column_family, const std::string& prefix) {
  KeyValues all;
  std::string from = prefix;
  for (;;) {
    Result<KeyValues> chunk = reader.Scan(column_family, from, prefix, kScanChunk);
    if (!chunk.ok()) return chunk.status();
    const bool more = chunk->size() >= kScanChunk;
    for (auto& entry : *chunk) all.push_back(std::move(entry));
    if (!more || all.empty()) return all;
    from = all.back().first;
    from.push_back('\0');  // the least key after the last one
  }
}

}  // namespace certreg::projections::internal

namespace certreg::projections {

Status RowReader::VisitKeys(std::string_view column_family, std::string_view prefix,
                           const std::function<bool(std::string_view key)>& visit) const {
  std::string from(prefix);
  for (;;) {
    Result<KeyValues> chunk = Scan(column_family, from, prefix, internal::kScanChunk);
    if (!chunk.ok()) return chunk.status();
    for (const auto& [key, value] : *chunk) {
      if (!visit(key)) return Status::Ok();
    }
    if (chunk->size() < internal::kScanChunk) return Status::Ok();
    from = chunk->back().first;
    from.push_back('\0');  // the least key after the last one
  }
}

Result<std::uint64_t> RowReader::Count(std::string_view column_family, std::string_view prefix) const {
  std::uint64_t count = 0;
  CERTREG_RETURN_IF_ERROR(VisitKeys(column_family, prefix, [&](std::string_view) {
    ++count;
    return true;
  }));
  return count;
}

}  // namespace certreg::projections

namespace certreg::projections::internal {

Status CheckPage(int page, int page_size, int max_page_size) {
  if (page < 1) return Status::InvalidArgument("page: must be 1 or more");
  if (page_size < 1 || page_size > max_page_size) {
    return Status::InvalidArgument("page_size: must be from 1 to " + std::to_string(max_page_size));
  }
  return Status::Ok();
}

}  // namespace certreg::projections::internal
