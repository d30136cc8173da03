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

Result<domain::Event> ToDomainEvent(const store::RecordedEvent& recorded, const store::EventStore& store,
                                    const std::function<domain::Date(std::int64_t)>& date_of) {
  Status lookup_failure;
  auto lookup = [&](const std::string& id) -> std::optional<std::string> {
    auto row = store.GetExtra(kPersonalDataCf, id);
    if (!row.ok()) {
      lookup_failure = row.status();
      return std::nullopt;
    }
    return *row;
  };
  auto body = codec::DecodeEventBody(recorded.raw, lookup);
  if (!lookup_failure.ok()) return lookup_failure;
  if (!body.ok()) return body.status().WithContext("event " + std::to_string(recorded.position));
  auto effective = domain::Date::Parse(recorded.effective_date);
  if (!effective) return Status::Corruption("event " + std::to_string(recorded.position) + ": bad effective date");
  domain::Event event;
  event.body = std::move(body).value();
  event.effective_date = *effective;
  event.actor = domain::Actor{recorded.actor.name, recorded.actor.role, recorded.actor.token_id};
  event.recorded_at_micros = recorded.recorded_at_micros;
  event.recorded_on = date_of(recorded.recorded_at_micros);
  event.version = recorded.stream_version;
  return event;
}

}  // namespace certreg::app
