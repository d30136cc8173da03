// Tree sizes in paths and queries, and the checkpoint an answer is against (http/log_sizes.h).
#include "http/log_sizes.h"

#include "certreg/app/status_statement.h"

namespace certreg::http {

std::optional<std::uint64_t> ParseCount(const std::string& text) { return app::ParseLogCount(text); }

void SendPathStatus(Call& call, const Status& status) {
  if (status.code() == Status::Code::kInvalidArgument || status.code() == Status::Code::kNotFound) {
    return SendProblem(call, ProblemOf(Status::NotFound(status.message())));
  }
  SendStatus(call, status);
}

Result<app::SignedCheckpoint> ProofCheckpoint(Api& api, const std::optional<std::string>& size_text) {
  if (!size_text) {
    auto published = api.signed_log.Published();
    if (!published) return Status::NotFound("no checkpoint is published yet");
    return *published;
  }
  auto size = ParseCount(*size_text);
  if (!size) return Status::InvalidArgument("a tree size is a whole number without a leading zero");
  auto published = api.signed_log.Published();
  if (!published || *size > published->body.size) {
    return Status::NotFound("no checkpoint of tree size " + *size_text + " is published");
  }
  return api.signed_log.CheckpointAt(*size);
}

}  // namespace certreg::http
