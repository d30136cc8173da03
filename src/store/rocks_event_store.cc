#include "store/rocks_event_store.h"

#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/table.h>
#include <rocksdb/filter_policy.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <set>

#include "store/background_errors.h"
#include "store/event_codec.h"
#include "store/format_version.h"
#include "store/info_log.h"
#include "store/keys.h"
#include "store/rocks_options.h"
#include "store/rocks_status.h"
#include "store/zeroed_wal.h"

namespace certreg::store {
namespace {

const char* const kRequiredCfs[] = {keys::kEventsCf, keys::kStreamIndexCf, keys::kStreamHeadsCf,
                                    keys::kIdempotencyCf, keys::kMetaCf};

// The data directories this process holds open for writing. RocksDB refuses
// a second open of one of them before it asks the file system; the probe
// below must not run on them, since closing any descriptor of LOCK would drop
// this process's own lock on it.
std::mutex held_mu;
std::set<std::string>& HeldDirectories() {
  static std::set<std::string> held;  // canonical paths (held_mu)
  return held;
}

std::string CanonicalPath(const std::string& path) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}

// Another process (or this one) holds the directory's LOCK file.
bool LockHeldElsewhere(const std::string& path) {
  {
    std::lock_guard<std::mutex> lock(held_mu);
    if (HeldDirectories().count(CanonicalPath(path))) return true;
  }
  const int fd = ::open((path + "/LOCK").c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock query = {};
  query.l_type = F_WRLCK;
  query.l_whence = SEEK_SET;
  const bool held = ::fcntl(fd, F_GETLK, &query) == 0 && query.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

}  // namespace

Result<std::unique_ptr<EventStore>> EventStore::Open(const StoreOptions& options) {
  return RocksEventStore::Open(options);
}

Result<std::unique_ptr<EventStore>> RocksEventStore::Open(const StoreOptions& options) {
  if (options.path.empty()) return Status::InvalidArgument("no data directory given");
  StoreOptions effective = options;
  if (!effective.clock) {
    effective.clock = [] {
      return std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
  std::unique_ptr<RocksEventStore> store(new RocksEventStore(std::move(effective)));
  CERTREG_RETURN_IF_ERROR(store->OpenDb());
  CERTREG_RETURN_IF_ERROR(store->LoadHead());
  if (!store->options_.read_only) CERTREG_RETURN_IF_ERROR(store->LoadTree());
  if (!store->options_.read_only) store->StartWriter();
  return std::unique_ptr<EventStore>(std::move(store));
}

Status RocksEventStore::OpenDb() {
  if (!options_.read_only) {
    std::error_code ec;
    std::filesystem::create_directories(options_.path, ec);  // for DATA/LOG; RocksDB reports a real failure
  }
  if (options_.read_only) {
    info_log_ = std::make_shared<DiscardedLog>();  // the directory may be a running server's
  } else {
    info_log_ = std::make_shared<InfoLog>(InfoLogOptions{options_.path});
  }
  Status opened = OpenDbAs(options_.read_only);
  if (opened.subcode() != Status::SubCode::kNoSpace || options_.read_only || !options_.read_only_when_full) {
    return opened;
  }
  // The disk is too full to open for writing (a new WAL, MANIFEST, OPTIONS):
  // serve what is there, refuse appends until a restart with space.
  CloseDb();
  CERTREG_RETURN_IF_ERROR(OpenDbAs(/*read_only=*/true));
  degraded_ = Status::NoSpace("the disk was full when the store was opened (" + opened.message() +
                              "): it is read-only until a restart with free space");
  options_.read_only = true;
  return Status::Ok();
}

Status RocksEventStore::OpenDbAs(bool read_only) {
  StoreOptions effective = options_;
  effective.read_only = read_only;
  RocksOptions rocks = MakeRocksOptions(effective, info_log_);
  if (!background_errors_) background_errors_ = std::make_shared<BackgroundErrors>();
  rocks.db.listeners.push_back(background_errors_);
  if (!read_only && options_.sync && ZeroedWalHelps(options_.path)) {
    if (!env_) env_ = rocksdb::NewCompositeEnv(std::make_shared<ZeroedWalFileSystem>(rocksdb::FileSystem::Default()));
    rocks.db.env = env_.get();
  }
  const rocksdb::DBOptions& db_options = rocks.db;

  std::set<std::string> names = {rocksdb::kDefaultColumnFamilyName};
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(db_options, options_.path, &existing).ok()) {
    names.insert(existing.begin(), existing.end());
  } else if (read_only) {
    return Status::NotFound("no event store in " + options_.path);
  }
  if (!read_only) {
    names.insert(std::begin(kRequiredCfs), std::end(kRequiredCfs));
    names.insert(options_.extra_column_families.begin(), options_.extra_column_families.end());
    names.insert(keys::kTreeCf);
    names.insert(keys::kCheckpointsCf);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : names) descriptors.emplace_back(name, rocks.ForFamily(name));

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = read_only
                          ? rocksdb::DB::OpenForReadOnly(db_options, options_.path, descriptors, &handles, &raw)
                          : rocksdb::DB::Open(db_options, options_.path, descriptors, &handles, &raw);
  if (!s.ok()) {
    if (s.IsIOError() && !read_only && LockHeldElsewhere(options_.path)) {
      return Status::LockHeld("data directory " + options_.path +
                              " is in use by another certreg process (a running server?); stop it first");
    }
    return FromRocks(s, "opening " + options_.path);
  }
  if (!read_only) {
    std::lock_guard<std::mutex> lock(held_mu);
    HeldDirectories().insert(CanonicalPath(options_.path));
    holds_directory_ = true;
  }
  db_.reset(raw);
  for (auto* handle : handles) cfs_[handle->GetName()] = handle;
  for (const char* required : kRequiredCfs) {
    if (Cf(required) == nullptr) return Status::Corruption(std::string("column family missing: ") + required);
  }
  std::string format;
  rocksdb::Status fs = db_->Get({}, Cf(keys::kMetaCf), keys::kFormatKey, &format);
  if (!fs.ok() && !fs.IsNotFound()) return FromRocks(fs, "reading the format marker");
  CERTREG_RETURN_IF_ERROR(CheckDataFormat(fs.ok() ? std::optional<std::string>(format) : std::nullopt));
  if (!read_only) {
    // A new store, or format 1 (with the marker or from before it): stamped now.
    if (fs.IsNotFound() || format != keys::kFormatVersion) CERTREG_RETURN_IF_ERROR(MigrateTree());
    CERTREG_RETURN_IF_ERROR(KeepMemtableNonEmpty());
  }
  return Status::Ok();
}


Status RocksEventStore::LoadHead() {
  std::string bytes;
  rocksdb::Status s = db_->Get({}, Cf(keys::kMetaCf), keys::kHeadKey, &bytes);
  if (s.IsNotFound()) {
    head_ = LogHead{};
    return Status::Ok();
  }
  CERTREG_RETURN_IF_ERROR(FromRocks(s, "reading the log head"));
  auto head = DecodeLogHead(bytes);
  if (!head.ok()) return head.status().WithContext("log head");
  head_ = *head;
  return Status::Ok();
}

RocksEventStore::~RocksEventStore() {
  StopWriter();
  CloseDb();
}

void RocksEventStore::CloseDb() {
  if (!db_) return;
  for (auto& [name, handle] : cfs_) db_->DestroyColumnFamilyHandle(handle);
  cfs_.clear();
  db_->Close().PermitUncheckedError();
  db_.reset();
  if (holds_directory_) {
    std::lock_guard<std::mutex> lock(held_mu);
    HeldDirectories().erase(CanonicalPath(options_.path));
    holds_directory_ = false;
  }
}

rocksdb::ColumnFamilyHandle* RocksEventStore::Cf(const std::string& name) const {
  auto it = cfs_.find(name);
  return it == cfs_.end() ? nullptr : it->second;
}

rocksdb::ColumnFamilyHandle* RocksEventStore::ExtraCf(const std::string& name) const {
  const auto& extra = options_.extra_column_families;
  return std::find(extra.begin(), extra.end(), name) == extra.end() ? nullptr : Cf(name);
}

LogHead RocksEventStore::Head() const {
  std::lock_guard<std::mutex> lock(head_mu_);
  return head_;
}

StoreStats RocksEventStore::Stats() const {
  StoreStats stats{batches_.load(),           appended_requests_.load(), appended_events_.load(),
                   rejected_requests_.load(), replayed_requests_.load(), largest_batch_.load(),
                   write_micros_.load()};
  for (std::size_t i = 0; i < stats.batch_size_counts.size(); ++i) stats.batch_size_counts[i] = batch_size_counts_[i].load();
  stats.failed = failed_flag_.load();
  stats.no_space_refusals = no_space_refusals_.load();
  return stats;
}

Result<std::optional<std::string>> RocksEventStore::GetExtra(const std::string& column_family,
                                                             const std::string& key) const {
  rocksdb::ColumnFamilyHandle* cf = ExtraCf(column_family);
  if (cf == nullptr) return Status::InvalidArgument("unknown column family " + column_family);
  std::string value;
  rocksdb::Status s = db_->Get({}, cf, key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  CERTREG_RETURN_IF_ERROR(FromRocks(s, "reading " + column_family));
  return std::optional<std::string>(std::move(value));
}

Result<std::vector<std::pair<std::string, std::string>>> RocksEventStore::ScanExtra(const std::string& column_family,
                                                                                    const std::string& from,
                                                                                    std::size_t max_count) const {
  rocksdb::ColumnFamilyHandle* cf = ExtraCf(column_family);
  if (cf == nullptr) return Status::InvalidArgument("unknown column family " + column_family);
  std::vector<std::pair<std::string, std::string>> rows;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, cf));
  for (it->Seek(from); it->Valid() && rows.size() < max_count; it->Next()) {
    rows.emplace_back(it->key().ToString(), it->value().ToString());
  }
  CERTREG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning " + column_family));
  return rows;
}

Status RocksEventStore::WriteExtra(const std::vector<std::string>& clear_families,
                                   const std::vector<ExtraWrite>& writes) {
  rocksdb::WriteBatch batch;
  for (const std::string& family : clear_families) {
    rocksdb::ColumnFamilyHandle* cf = ExtraCf(family);
    if (cf == nullptr) return Status::InvalidArgument("unknown column family " + family);
    // One range deletion from the least key ("") to just past the last: no
    // key of the family is read into the batch (a rebuild clears millions).
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, cf));
    it->SeekToLast();
    if (it->Valid()) {
      std::string past_last = it->key().ToString();
      past_last.push_back('\0');  // the least key after it
      batch.DeleteRange(cf, "", past_last);
    }
    CERTREG_RETURN_IF_ERROR(FromRocks(it->status(), "scanning " + family));
  }
  for (const ExtraWrite& write : writes) {
    rocksdb::ColumnFamilyHandle* cf = ExtraCf(write.column_family);
    if (cf == nullptr) return Status::InvalidArgument("unknown column family " + write.column_family);
    if (write.value) {
      batch.Put(cf, write.key, *write.value);
    } else {
      batch.Delete(cf, write.key);
    }
  }
  return WriteOutsideAppends(batch, "writing rows");
}

Status RocksEventStore::WriteOutsideAppends(rocksdb::WriteBatch& batch, const std::string& what) {
  if (!degraded_.ok()) return degraded_;
  if (options_.read_only) return Status::Busy("the event store is open read-only");
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!failed_.ok()) return failed_;
  }
  CERTREG_RETURN_IF_ERROR(CheckReserve());
  rocksdb::WriteOptions sync;
  sync.sync = options_.sync;
  const Status written = FromRocks(db_->Write(sync, &batch), what);
  if (!written.ok()) {
    // As after a failed append: nothing more is written until the store recovers.
    std::lock_guard<std::mutex> lock(mu_);
    if (failed_.ok()) {
      failed_ = written;
      failed_flag_.store(true);
    }
  }
  return written;
}

}  // namespace certreg::store
