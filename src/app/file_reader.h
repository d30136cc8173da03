// Internal to the app room: a file's stream read, decoded once per event, and
// folded; a cache of the folds that commands led to, so that a command reads
// nothing of a file it knows, bounded: the least recently used folds are
// dropped beyond kMaxCachedStates (a dropped fold is folded again from the stream).
#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/registry_clock.h"
#include "certreg/app/registry.h"
#include "certreg/store/event_store.h"
#include "certreg/store/record_format.h"

namespace certreg::app {

// Thread-safe. `store` and `clock` must outlive the reader.
class FileReader {
 public:
  FileReader(const store::EventStore& store, const RegistryClock& clock) : store_(store), clock_(clock) {}

  // NotFound for an unknown file; Corruption when an event does not decode.
  Result<FileView> Load(const std::string& file_id) const;
  // The fold of the file's whole stream as this process's appends left it:
  // the cached fold when there is one, with nothing read (every append to a
  // file's stream is made by CommandHandler, which hands the state it led to
  // to Remember once durable, or calls Forget); else folded from the stream.
  // A caller that finds the store ahead of it (a StaleVersion refusal) calls
  // Forget and asks again. Shared and never changed: copy it to evolve it.
  Result<std::shared_ptr<const domain::FileState>> Current(const std::string& file_id) const;
  // Remembers `state` as the file's fold, when it is newer than the one kept
  // (a command hands over the state its events led to).
  void Remember(const std::string& file_id, std::shared_ptr<const domain::FileState> state) const;
  // Drops the file's cached fold: the next Current folds the stream as stored.
  void Forget(const std::string& file_id) const;

  // The file a certificate number belongs to; NotFound for an unknown number.
  // A number once given never moves to another file, so what was found is
  // kept (at most kMaxCachedCertificates, then forgotten all at once).
  Result<std::string> FileOfCertificate(const std::string& certificate_no) const;
  Result<std::vector<std::string>> AllFileIds() const;
  // The stored events of a file, each decoded once for export.
  Result<std::vector<store::ExportedEvent>> Records(const std::string& file_id) const;

 private:
  // The file's events from `from_version`, each decoded once for the domain.
  Result<std::vector<domain::Event>> Events(const std::string& file_id, std::uint64_t from_version) const;

  struct Cached {
    std::shared_ptr<const domain::FileState> state;
    std::list<std::string>::iterator recency;  // its place in recency_
  };
  // The cached fold of `file_id`, marked most recently used; nullptr when none. cache_mu_ held.
  std::shared_ptr<const domain::FileState> FindLocked(const std::string& file_id) const;

  const store::EventStore& store_;
  const RegistryClock& clock_;
  mutable std::mutex cache_mu_;
  // file id -> its latest fold, and the file ids from most to least recently used (cache_mu_)
  mutable std::unordered_map<std::string, Cached> cache_;
  mutable std::list<std::string> recency_;
  mutable std::mutex certificates_mu_;
  mutable std::unordered_map<std::string, std::string> file_of_certificate_;  // (certificates_mu_)
};

// Certificate numbers whose file the reader keeps at most.
inline constexpr std::size_t kMaxCachedCertificates = 100'000;

// Folded file states the reader keeps at most (a few KB each).
inline constexpr std::size_t kMaxCachedStates = 10'000;

}  // namespace certreg::app
