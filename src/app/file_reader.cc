#include "app/file_reader.h"

#include "app/event_mapping.h"
#include "certreg/codec/domain_codec.h"

namespace certreg::app {
namespace {

constexpr std::size_t kMaxStreamRead = 1'000'000;

}  // namespace

Result<std::vector<domain::Event>> FileReader::Events(const std::string& file_id,
                                                      std::uint64_t from_version) const {
  auto stored = store_.ReadStreamBytes(Registry::StreamOf(file_id), from_version, kMaxStreamRead);
  if (!stored.ok()) return stored.status();
  std::vector<domain::Event> events;
  events.reserve(stored->size());
  for (const std::string& bytes : *stored) {
    auto event = ToDomainEvent(bytes, store_, clock_);
    if (!event.ok()) return event.status().WithContext("file " + file_id);
    events.push_back(std::move(event).value());
  }
  return events;
}

Result<FileView> FileReader::Load(const std::string& file_id) const {
  auto events = Events(file_id, 1);
  if (!events.ok()) return events.status();
  if (events->empty()) return Status::NotFound("file " + file_id);
  FileView view;
  for (const domain::Event& event : *events) view.state = domain::Evolve(std::move(view.state), event);
  view.events = std::move(events).value();
  return view;
}

Result<std::shared_ptr<const domain::FileState>> FileReader::Current(const std::string& file_id) const {
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (std::shared_ptr<const domain::FileState> cached = FindLocked(file_id)) return cached;
  }
  auto events = Events(file_id, 1);
  if (!events.ok()) return events.status();
  if (events->empty()) return Status::NotFound("file " + file_id);
  domain::FileState state;
  for (const domain::Event& event : *events) state = domain::Evolve(std::move(state), event);
  auto folded = std::make_shared<const domain::FileState>(std::move(state));
  Remember(file_id, folded);
  return folded;
}

std::shared_ptr<const domain::FileState> FileReader::FindLocked(const std::string& file_id) const {
  auto it = cache_.find(file_id);
  if (it == cache_.end()) return nullptr;
  recency_.splice(recency_.begin(), recency_, it->second.recency);
  return it->second.state;
}

void FileReader::Forget(const std::string& file_id) const {
  std::lock_guard<std::mutex> lock(cache_mu_);
  const auto it = cache_.find(file_id);
  if (it == cache_.end()) return;
  recency_.erase(it->second.recency);
  cache_.erase(it);
}

void FileReader::Remember(const std::string& file_id, std::shared_ptr<const domain::FileState> state) const {
  std::lock_guard<std::mutex> lock(cache_mu_);
  if (std::shared_ptr<const domain::FileState> kept = FindLocked(file_id)) {
    if (kept->version < state->version) cache_[file_id].state = std::move(state);
    return;
  }
  if (cache_.size() >= kMaxCachedStates) {
    cache_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.push_front(file_id);
  cache_.emplace(file_id, Cached{std::move(state), recency_.begin()});
}

Result<std::string> FileReader::FileOfCertificate(const std::string& certificate_no) const {
  {
    std::lock_guard<std::mutex> lock(certificates_mu_);
    const auto it = file_of_certificate_.find(certificate_no);
    if (it != file_of_certificate_.end()) return it->second;
  }
  auto row = store_.GetExtra(kCertificateFilesCf, certificate_no);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::NotFound("certificate " + certificate_no);
  std::lock_guard<std::mutex> lock(certificates_mu_);
  if (file_of_certificate_.size() >= kMaxCachedCertificates) file_of_certificate_.clear();
  file_of_certificate_.emplace(certificate_no, **row);
  return **row;
}

Result<std::vector<std::string>> FileReader::AllFileIds() const {
  std::vector<std::string> ids;
  for (std::string from;;) {
    auto rows = store_.ScanExtra(kFilesCf, from, 1000);
    if (!rows.ok()) return rows.status();
    for (auto& [key, value] : *rows) ids.push_back(key);
    if (rows->size() < 1000) break;
    from = rows->back().first + std::string(1, '\0');
  }
  return ids;
}

Result<std::vector<store::ExportedEvent>> FileReader::Records(const std::string& file_id) const {
  auto stored = store_.ReadStreamBytes(Registry::StreamOf(file_id), 1, kMaxStreamRead);
  if (!stored.ok()) return stored.status();
  std::vector<store::ExportedEvent> out;
  out.reserve(stored->size());
  for (const std::string& bytes : *stored) {
    auto exported = store::ExportEvent(bytes);
    if (!exported.ok()) return exported.status().WithContext("file " + file_id);
    out.push_back(std::move(exported).value());
  }
  return out;
}

}  // namespace certreg::app
