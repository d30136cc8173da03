// Internal to the app room: the read side of the registry. Queries of the
// read models (certreg/projections/query.h) over the store's column
// families, and the catch-up and rebuild of those tables from the log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/file_reader.h"
#include "app/registry_clock.h"
#include "certreg/app/registry.h"
#include "certreg/app/store_row_reader.h"

namespace certreg::app {

// Queries are thread-safe; CatchUp and Rebuild run while no command does.
// Everything given must outlive the read side.
class ReadSide {
 public:
  ReadSide(store::EventStore& store, const domain::Scheme& scheme, const RegistryClock& clock,
           const FileReader& files)
      : store_(store), scheme_(scheme), clock_(clock), files_(files), rows_(store) {}

  const projections::RowReader& rows() const { return rows_; }

  // How many events of the log the read models hold (their checkpoint);
  // Corruption when the stored count is not a number.
  Result<std::uint64_t> Applied() const;

  // Registry::CatchUpReadModels and RebuildReadModels.
  Result<std::uint64_t> CatchUp();
  Result<RebuildReport> Rebuild();

 private:
  // Whether the read models were written in this version's format.
  Result<bool> CurrentFormat() const;
  // The proj_meta row that says they are.
  store::ExtraWrite FormatRow() const;

  store::EventStore& store_;
  const domain::Scheme& scheme_;
  const RegistryClock& clock_;
  const FileReader& files_;
  StoreRowReader rows_;
};

}  // namespace certreg::app
