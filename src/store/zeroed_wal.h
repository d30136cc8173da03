// Internal: the store's WAL files written over zeros already on disk, so that
// a synced append (fdatasync) writes the appended pages and nothing else.
//
// Appending to a file changes its size and its block map, and fdatasync must
// write that metadata too: on ext4 two or three device round trips for one
// commit instead of one. Overwriting blocks the file already has changes
// neither, so the store's WAL files grow ahead of their data in zero-filled
// chunks (PostgreSQL's wal_init_zero): when an append would pass the zeroed
// end, a chunk of zeros is written first and goes to disk with the next sync
// (one slower commit per chunk), then the commits within the chunk are one
// device write each. Measured on this machine's disk (README, "The
// write-ahead log over zeros"): the write of a group 15-30 % shorter.
//
// RocksDB reads a WAL up to its last record and skips zero-filled blocks after
// it (its reader's zero-type records, kept for preallocated files), so a crash
// leaves a file it recovers from as before; a file closed cleanly is cut back
// to its data. Only write-ahead log files (NNNNNN.log) are handled this way:
// every other file, and every read, passes through to the base file system.
// Chunks grow from kFirstChunkBytes, doubling up to the largest chunk, so that
// a store that writes little zeroes little.
//
// A chunk that cannot be zeroed (the disk is full) is not an error: that file
// is appended to as usual from there on, and the append itself fails only when
// its own bytes do not fit.
#pragma once

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <cstdint>
#include <memory>
#include <string>

namespace certreg::store {

class ZeroedWalFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  static constexpr std::uint64_t kFirstChunkBytes = std::uint64_t{256} << 10;
  static constexpr std::uint64_t kLargestChunkBytes = std::uint64_t{4} << 20;

  explicit ZeroedWalFileSystem(std::shared_ptr<rocksdb::FileSystem> base,
                               std::uint64_t largest_chunk_bytes = kLargestChunkBytes);

  const char* Name() const override { return "certreg.ZeroedWalFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& path, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* debug) override;

  // Whether `path` names a RocksDB write-ahead log file (NNNNNN.log).
  static bool IsWalFile(const std::string& path);

 private:
  const std::uint64_t largest_chunk_bytes_;
};

// Whether zero-filled WAL files help in the file system of `directory`: not
// in memory (tmpfs, ramfs), where a sync writes nothing and zeros only take
// memory, nor on a copy-on-write file system (btrfs, ZFS), where overwriting
// a block writes a new one and its metadata anyway.
bool ZeroedWalHelps(const std::string& directory);

}  // namespace certreg::store
