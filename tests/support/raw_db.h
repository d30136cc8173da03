// Direct RocksDB access to a store's directory, for tests that inspect or
// tamper with what the store wrote. The store must be closed meanwhile.
#pragma once

#include <rocksdb/db.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace certreg::testing {

class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    std::vector<std::string> names;
    rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).PermitUncheckedError();
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const auto& name : names) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    status_ = rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &handles, &raw);
    db_.reset(raw);
    for (auto* h : handles) cfs_[h->GetName()] = h;
  }
  ~RawDb() {
    for (auto& [name, h] : cfs_) db_->DestroyColumnFamilyHandle(h);
    if (db_) db_->Close().PermitUncheckedError();
  }

  bool ok() const { return status_.ok(); }
  rocksdb::DB* db() { return db_.get(); }
  rocksdb::ColumnFamilyHandle* cf(const std::string& name) { return cfs_.at(name); }

  std::optional<std::string> Get(const std::string& cf_name, const std::string& key) {
    std::string value;
    if (!db_->Get({}, cf(cf_name), key, &value).ok()) return std::nullopt;
    return value;
  }
  void Put(const std::string& cf_name, const std::string& key, const std::string& value) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    db_->Put(sync, cf(cf_name), key, value).PermitUncheckedError();
  }
  void Delete(const std::string& cf_name, const std::string& key) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    db_->Delete(sync, cf(cf_name), key).PermitUncheckedError();
  }

 private:
  rocksdb::Status status_;
  std::unique_ptr<rocksdb::DB> db_;
  std::map<std::string, rocksdb::ColumnFamilyHandle*> cfs_;
};

}  // namespace certreg::testing
