// The read models' tables as the queries (certreg/projections/query.h) read
// them, straight from the event store's column families. Thread-safe.
#pragma once

#include "certreg/projections/row_reader.h"
#include "certreg/store/event_store.h"

namespace certreg::app {

class StoreRowReader : public projections::RowReader {
 public:
  // `store` (opened with RegistryColumnFamilies()) must outlive the reader.
  explicit StoreRowReader(const store::EventStore& store) : store_(store) {}

  Result<std::optional<std::string>> Get(std::string_view column_family, std::string_view key) const override;
  Result<projections::KeyValues> Scan(std::string_view column_family, std::string_view from, std::string_view prefix,
                                      std::size_t max) const override;
  Status VisitKeys(std::string_view column_family, std::string_view prefix,
                   const std::function<bool(std::string_view key)>& visit) const override;

 private:
  const store::EventStore& store_;
};

}  // namespace certreg::app
