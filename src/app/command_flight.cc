// A command in flight (certreg/app/registry.h, CommandInFlight): begun up
// to its queued append, answered once that is durable, decided again when
// it is refused.
#include "app/command_handler.h"

namespace certreg::app {

void CommandInFlight::OnReady(std::function<void()> ready) const {
  state_->handler->OnReady(*state_, std::move(ready));
}

std::optional<Result<CommandResult>> CommandInFlight::TryFinish() const { return state_->handler->TryFinish(*state_); }

Result<CommandResult> CommandInFlight::Finish() const { return state_->handler->Finish(*state_); }

CommandInFlight CommandHandler::Begin(CommandRequest request) {
  auto flight = std::make_shared<CommandInFlight::State>();
  flight->handler = this;
  // A key needs a fingerprint of the request's content; callers without one
  // (tools) get the file, the command and the date.
  if (!request.idempotency_key.empty() && request.fingerprint.empty()) {
    request.fingerprint = "file=" + request.file_id + ";command=" + std::string(domain::CommandName(request.command)) +
                          ";effective=" + (request.effective_date ? request.effective_date->ToString() : "");
  }
  flight->request = std::move(request);
  // A retry of an earlier request is answered before anything is decided again.
  if (auto earlier = FindEarlier(flight->request)) {
    flight->done = std::move(*earlier);
  } else {
    Advance(*flight);
  }
  return CommandInFlight(std::move(flight));
}

void CommandHandler::Advance(CommandInFlight::State& flight) {
  for (;; ++flight.attempt) {
    bool retry = false;
    Attempted attempted = Attempt(flight.request, &retry);
    if (auto* started = std::get_if<Started>(&attempted)) {
      if (!started->number_lock.owns_lock()) {
        flight.started = std::move(*started);
        return;
      }
      // New numbers: their lock is this thread's until the append is durable.
      Result<CommandResult> outcome = Complete(*started, flight.request, &retry);
      if (Conclude(flight, std::move(outcome), retry)) return;
    } else if (Conclude(flight, std::get<Result<CommandResult>>(std::move(attempted)), retry)) {
      return;
    }
  }
}

bool CommandHandler::Conclude(CommandInFlight::State& flight, Result<CommandResult> outcome, bool retry) {
  if (!outcome.ok() && !outcome.status().Is(Status::Code::kConflict, Status::SubCode::kIdempotencyKeyReused)) {
    // The original of this retry may have committed meanwhile: answer as its replay.
    if (auto earlier = FindEarlier(flight.request)) {
      flight.done = std::move(*earlier);
      return true;
    }
  }
  if (retry && flight.attempt + 1 < max_retries_) return false;
  flight.done = std::move(outcome);
  return true;
}

void CommandHandler::OnReady(CommandInFlight::State& flight, std::function<void()> ready) {
  if (flight.started) {
    flight.started->queued.durable.OnAnswer(std::move(ready));
  } else {
    ready();
  }
}

std::optional<Result<CommandResult>> CommandHandler::TryFinish(CommandInFlight::State& flight) {
  if (!flight.done) {
    if (!flight.started || !flight.started->queued.durable.Ready()) return std::nullopt;
    // Refused (decided again) or a twin's replay (the file read): on a thread that may wait.
    const Result<store::AppendResult>& appended = flight.started->queued.durable.Get();
    if (!appended.ok() || appended->replayed) return std::nullopt;
    CompleteStarted(flight);  // durable: nothing to decide again
  }
  return flight.done;
}

Result<CommandResult> CommandHandler::Finish(CommandInFlight::State& flight) {
  while (!flight.done) {
    if (!CompleteStarted(flight)) {
      ++flight.attempt;
      Advance(flight);
    }
  }
  return *flight.done;
}

bool CommandHandler::CompleteStarted(CommandInFlight::State& flight) {
  bool retry = false;
  Result<CommandResult> outcome = Complete(*flight.started, flight.request, &retry);
  flight.started.reset();
  return Conclude(flight, std::move(outcome), retry);
}

}  // namespace certreg::app
