// The store's WAL files written over zeros (zeroed_wal.h).
#include "store/zeroed_wal.h"

#include <linux/magic.h>
#include <sys/vfs.h>

#include <algorithm>
#include <cctype>

namespace certreg::store {

namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

constexpr std::size_t kZeroBlock = std::size_t{1} << 20;  // zeros are written this many at a time at most

const std::string& Zeros() {
  static const std::string zeros(kZeroBlock, '\0');
  return zeros;
}

// One WAL file. RocksDB appends to it (and truncates and closes it) from one
// thread at a time; a sync, from whichever thread, passes through and reads
// none of this object's state: no lock is needed.
class ZeroedWalFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  ZeroedWalFile(std::unique_ptr<rocksdb::FSWritableFile> file, std::uint64_t largest_chunk)
      : FSWritableFileOwnerWrapper(std::move(file)), largest_chunk_(largest_chunk) {}

  ~ZeroedWalFile() override {
    if (!closed_) Close(IOOptions(), nullptr).PermitUncheckedError();
  }

  IOStatus Append(const Slice& data, const IOOptions& options, IODebugContext* debug) override {
    return PositionedAppend(data, size_, options, debug);
  }
  IOStatus Append(const Slice& data, const IOOptions& options, const rocksdb::DataVerificationInfo& /*info*/,
                  IODebugContext* debug) override {
    return Append(data, options, debug);
  }
  IOStatus PositionedAppend(const Slice& data, std::uint64_t offset, const IOOptions& options,
                            IODebugContext* debug) override {
    IOStatus written = target()->PositionedAppend(data, offset, options, debug);
    if (!written.ok()) return written;
    size_ = offset + data.size();
    if (zero_fill_ && size_ > zeroed_end_) ZeroAhead(options, debug);
    return IOStatus::OK();
  }
  IOStatus PositionedAppend(const Slice& data, std::uint64_t offset, const IOOptions& options,
                            const rocksdb::DataVerificationInfo& /*info*/, IODebugContext* debug) override {
    return PositionedAppend(data, offset, options, debug);
  }

  IOStatus Truncate(std::uint64_t size, const IOOptions& options, IODebugContext* debug) override {
    IOStatus truncated = target()->Truncate(size, options, debug);
    if (truncated.ok()) size_ = zeroed_end_ = size;
    return truncated;
  }

  // Cuts the zeros past the data off (a file that keeps them is read as well).
  IOStatus Close(const IOOptions& options, IODebugContext* debug) override {
    closed_ = true;
    if (zeros_written_) target()->Truncate(size_, options, debug).PermitUncheckedError();
    return target()->Close(options, debug);
  }

  std::uint64_t GetFileSize(const IOOptions& /*options*/, IODebugContext* /*debug*/) override { return size_; }

  // No fallocate: it allocates blocks without writing them, and the first
  // write into such a block changes the file's block map (metadata to sync).
  void PrepareWrite(std::size_t /*offset*/, std::size_t /*len*/, const IOOptions& /*options*/,
                    IODebugContext* /*debug*/) override {}
  IOStatus Allocate(std::uint64_t /*offset*/, std::uint64_t /*len*/, const IOOptions& /*options*/,
                    IODebugContext* /*debug*/) override {
    return IOStatus::OK();
  }

 private:
  // A chunk of zeros past the data's end (to a page boundary). Written after
  // the data, before any sync: the sync writes both. A failure (a full disk)
  // ends zero-filling for this file; its data is already written.
  void ZeroAhead(const IOOptions& options, IODebugContext* debug) {
    constexpr std::uint64_t kPage = 4096;
    const std::uint64_t end = (size_ + chunk_ + kPage - 1) / kPage * kPage;
    for (std::uint64_t at = size_; at < end;) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(end - at, kZeroBlock));
      zeros_written_ = true;
      if (!target()->PositionedAppend(Slice(Zeros().data(), n), at, options, debug).ok()) {
        zero_fill_ = false;
        return;
      }
      at += n;
    }
    zeroed_end_ = end;
    chunk_ = std::min(chunk_ * 2, largest_chunk_);
  }

  const std::uint64_t largest_chunk_;
  std::uint64_t chunk_ = ZeroedWalFileSystem::kFirstChunkBytes;
  std::uint64_t size_ = 0;        // the data's end
  std::uint64_t zeroed_end_ = 0;  // the file's end while zero-filling: zeros from size_ to here
  bool zero_fill_ = true;         // false once zeros could not be written
  bool zeros_written_ = false;    // the file may be longer than its data
  bool closed_ = false;
};

}  // namespace

ZeroedWalFileSystem::ZeroedWalFileSystem(std::shared_ptr<rocksdb::FileSystem> base,
                                         std::uint64_t largest_chunk_bytes)
    : FileSystemWrapper(std::move(base)),
      largest_chunk_bytes_(std::max(largest_chunk_bytes, kFirstChunkBytes)) {}

IOStatus ZeroedWalFileSystem::NewWritableFile(const std::string& path, const rocksdb::FileOptions& options,
                                              std::unique_ptr<rocksdb::FSWritableFile>* result,
                                              IODebugContext* debug) {
  IOStatus opened = target()->NewWritableFile(path, options, result, debug);
  if (opened.ok() && IsWalFile(path) && !options.use_direct_writes) {
    *result = std::make_unique<ZeroedWalFile>(std::move(*result), largest_chunk_bytes_);
  }
  return opened;
}

bool ZeroedWalFileSystem::IsWalFile(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  constexpr std::size_t kSuffix = 4;  // ".log"
  if (name.size() <= kSuffix || name.compare(name.size() - kSuffix, kSuffix, ".log") != 0) return false;
  return std::all_of(name.begin(), name.end() - kSuffix, [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool ZeroedWalHelps(const std::string& directory) {
  constexpr long kZfsMagic = 0x2fc12fc1;  // not in <linux/magic.h>
  struct statfs st {};
  if (::statfs(directory.c_str(), &st) != 0) return false;
  return st.f_type != TMPFS_MAGIC && st.f_type != RAMFS_MAGIC && st.f_type != BTRFS_SUPER_MAGIC &&
         st.f_type != kZfsMagic;
}

}  // namespace certreg::store
