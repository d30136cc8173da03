// Internal to the app room: one mutex per file, so that the commands of one
// file are decided one after another, each on the state the previous one
// committed, while commands on different files run (and share group commits)
// concurrently.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace certreg::app {

// Thread-safe. A file's entry lives while someone holds or waits for it, so
// the table holds only the files being written now.
//
// Lock order (command_handler.cc): a file's lock first, then the numbering
// lock (numbering.h); never a second file's lock while holding one, and never
// a file's lock while holding the numbering lock.
class FileLocks {
 public:
  // Holds one file's lock from construction to destruction (or Release()).
  class Held {
   public:
    Held() = default;
    Held(Held&& other) noexcept : table_(other.table_), file_id_(std::move(other.file_id_)) { other.table_ = nullptr; }
    Held& operator=(Held&& other) noexcept;
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;
    ~Held() { Release(); }
    void Release();

   private:
    friend class FileLocks;
    Held(FileLocks* table, std::string file_id) : table_(table), file_id_(std::move(file_id)) {}
    FileLocks* table_ = nullptr;
    std::string file_id_;
  };

  // Blocks until `file_id`'s lock is free, then holds it.
  [[nodiscard]] Held Lock(const std::string& file_id);

  // Files with an entry now (held or awaited); for tests.
  std::size_t Entries() const;

 private:
  struct Entry {
    std::mutex mu;
    int users = 0;  // holders and waiters (table_mu_)
  };
  void Unlock(const std::string& file_id);

  mutable std::mutex table_mu_;
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;  // (table_mu_)
};

}  // namespace certreg::app
