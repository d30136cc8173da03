#include "app/event_mapping.h"

#include "certreg/codec/domain_codec.h"
#include "certreg/common/ids.h"

namespace certreg::app {

std::vector<store::NewEvent> ToNewEvents(const std::vector<domain::Event>& events, const std::string& correlation_id,
                                         std::vector<store::ExtraWrite>* writes) {
  std::vector<store::NewEvent> out;
  out.reserve(events.size());
  for (const domain::Event& e : events) {
    codec::EncodedPayload encoded = codec::EncodePayload(e.body);
    for (auto& sealed : encoded.personal) writes->push_back({kPersonalDataCf, sealed.id, std::move(sealed.record)});
    out.push_back(store::NewEvent{std::string(domain::EventTypeName(e.body)), NewUuid(), e.effective_date.ToString(),
                                  store::Actor{e.actor.name, e.actor.role, e.actor.token_id}, correlation_id,
                                  std::move(encoded.payload)});
  }
  return out;
}

Result<domain::Event> ToDomainEvent(std::string_view stored, const store::EventStore& store,
                                    const RegistryClock& clock) {
  Status lookup_failure;
  auto lookup = [&](const std::string& id) -> std::optional<std::string> {
    auto row = store.GetExtra(kPersonalDataCf, id);
    if (!row.ok()) {
      lookup_failure = row.status();
      return std::nullopt;
    }
    return *row;
  };
  auto decoded = codec::DecodeStoredEvent(stored, "", lookup);
  if (!lookup_failure.ok()) return lookup_failure;
  if (!decoded.ok()) return decoded.status();
  domain::Event event = std::move((*decoded)->event);
  event.recorded_on = clock.DateOf(event.recorded_at_micros);
  return event;
}

}  // namespace certreg::app
