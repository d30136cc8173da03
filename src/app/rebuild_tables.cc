// The rebuild's tables: sorting the rows written and digesting them.
#include "app/rebuild_tables.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <thread>
#include <unordered_map>

namespace certreg::app {
namespace {

// Runs `a` on a new thread and `b` on this one; returns when both are done.
template <typename A, typename B>
void RunBoth(A a, B b) {
  std::thread other(std::move(a));
  b();
  other.join();
}


// Sorts `table` by key, then by order, and keeps the last write of each key
// when it puts a value. Keys are first grouped by their part before the first
// 0x00 byte (a certificate number, a gram, a file id): byte order of those
// parts is the byte order of the keys across groups. Within a group the rest
// of the keys is compared from a copy of its first bytes kept beside the row.
void SortTable(SortedTable& table) {
  struct Entry {
    std::array<char, 24> tail{};  // the key's first bytes after its group's part, zero-padded
    std::uint32_t tail_size = 0;  // of the whole rest of the key
    std::uint32_t index = 0;      // in `table`
    std::uint32_t group = 0;
  };
  std::unordered_map<std::string_view, std::uint32_t> group_of;
  std::vector<std::string_view> heads;  // by group
  std::vector<Entry> unsorted(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    const std::string_view key = table[i].key;
    const std::string_view head = key.substr(0, key.find('\0'));
    auto [it, added] = group_of.try_emplace(head, static_cast<std::uint32_t>(heads.size()));
    if (added) heads.push_back(head);
    Entry& e = unsorted[i];
    const std::string_view rest = key.substr(head.size());
    std::memcpy(e.tail.data(), rest.data(), std::min(rest.size(), e.tail.size()));
    e.tail_size = static_cast<std::uint32_t>(rest.size());
    e.index = static_cast<std::uint32_t>(i);
    e.group = it->second;
  }
  // The groups in key order, and the entries placed group by group.
  std::vector<std::uint32_t> by_head(heads.size());
  for (std::uint32_t g = 0; g < by_head.size(); ++g) by_head[g] = g;
  std::sort(by_head.begin(), by_head.end(), [&](std::uint32_t a, std::uint32_t b) { return heads[a] < heads[b]; });
  std::vector<std::uint32_t> rank(heads.size());
  for (std::uint32_t r = 0; r < by_head.size(); ++r) rank[by_head[r]] = r;
  std::vector<std::size_t> start(heads.size() + 1);  // of each group's entries
  for (const Entry& e : unsorted) ++start[rank[e.group] + 1];
  for (std::size_t r = 1; r < start.size(); ++r) start[r] += start[r - 1];
  std::vector<Entry> entries(unsorted.size());
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  for (const Entry& e : unsorted) entries[next[rank[e.group]]++] = e;

  // Rests of the same group: the copied bytes first, the whole key when they tie.
  const auto compare = [&](const Entry& a, const Entry& b) {
    const std::size_t common = std::min({a.tail_size, b.tail_size, static_cast<std::uint32_t>(a.tail.size())});
    if (int c = std::memcmp(a.tail.data(), b.tail.data(), common); c != 0) return c;
    if (common == a.tail.size()) return table[a.index].key.compare(table[b.index].key);
    return a.tail_size == b.tail_size ? 0 : a.tail_size < b.tail_size ? -1 : 1;
  };
  for (std::size_t r = 0; r + 1 < start.size(); ++r) {
    std::sort(entries.begin() + static_cast<std::ptrdiff_t>(start[r]),
              entries.begin() + static_cast<std::ptrdiff_t>(start[r + 1]), [&](const Entry& a, const Entry& b) {
                const int c = compare(a, b);
                return c != 0 ? c < 0 : table[a.index].order < table[b.index].order;
              });
  }
  SortedTable sorted;
  sorted.reserve(table.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const bool later_write = i + 1 < entries.size() && entries[i + 1].group == entries[i].group &&
                             compare(entries[i + 1], entries[i]) == 0;
    if (later_write) continue;
    const SortedRow& row = table[entries[i].index];
    if (row.row->value) sorted.push_back(row);
  }
  table = std::move(sorted);
}

void DigestTable(const std::string& family, const SortedTable& table, TableDigest& digest) {
  for (const SortedRow& row : table) digest.Add(family, row.key, *row.row->value);
}

}  // namespace

void TableDigest::Add(std::string_view table, std::string_view key, std::string_view value) {
  for (std::string_view part : {table, key, value}) {
    const std::uint64_t size = part.size();
    buffer_.append(reinterpret_cast<const char*>(&size), sizeof(size));
    buffer_.append(part);
  }
  if (buffer_.size() >= kFlushBytes) Flush();
}

std::string TableDigest::Finish() {
  Flush();
  return ToHex(sha_.Finish());
}

void TableDigest::Flush() {
  sha_.Add(buffer_);
  buffer_.clear();
}

Result<std::string> StoredDigest(const store::EventStore& store, const std::vector<std::string>& families) {
  TableDigest digest;
  for (const std::string& family : families) {
    CERTREG_RETURN_IF_ERROR(store.VisitExtra(family, [&](std::string_view key, std::string_view value) {
      digest.Add(family, key, value);
      return true;
    }));
  }
  return digest.Finish();
}

std::vector<SortedTable> SortAndDigest(const std::vector<std::string>& families,
                                       std::vector<projections::ProjectionWrites>& parts, TableDigest& digest) {
  std::vector<SortedTable> tables(families.size());
  {
    std::vector<std::size_t> sizes(families.size());
    std::vector<std::size_t> family_of;
    for (const projections::ProjectionWrites& writes : parts) {
      for (const projections::RowWrite& write : writes) {
        family_of.push_back(std::find(families.begin(), families.end(), write.column_family) - families.begin());
        if (family_of.back() < families.size()) ++sizes[family_of.back()];
      }
    }
    for (std::size_t f = 0; f < families.size(); ++f) tables[f].reserve(sizes[f]);
    std::size_t order = 0;
    for (projections::ProjectionWrites& writes : parts) {
      for (projections::RowWrite& write : writes) {
        const std::size_t f = family_of[order];
        if (f < families.size()) tables[f].push_back({write.key, order, &write});
        ++order;
      }
    }
  }
  std::size_t largest = 0;
  for (std::size_t f = 0; f < tables.size(); ++f) {
    if (tables[f].size() > tables[largest].size()) largest = f;
  }
  RunBoth([&] { SortTable(tables[largest]); },
          [&] {
            for (std::size_t f = 0; f < tables.size(); ++f) {
              if (f != largest) SortTable(tables[f]);
            }
            for (std::size_t f = 0; f < largest; ++f) DigestTable(families[f], tables[f], digest);
          });
  for (std::size_t f = largest; f < tables.size(); ++f) DigestTable(families[f], tables[f], digest);
  return tables;
}

}  // namespace certreg::app
