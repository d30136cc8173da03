// Internal to the command body parsers: helpers shared by their files.
#pragma once

#include "http/body_reader.h"
#include "http/command_bodies.h"

namespace certreg::http {

// Reads the body's own date field (received_on, notified_on, issue_date): it
// becomes the effective date, or must equal the one given.
void ReadOwnDate(BodyReader& body, const char* name, ParsedCommand* out);

// A holder's act: received_on (the effective date) and channel.
domain::HolderAct ReadHolderAct(BodyReader& body, ParsedCommand* out);

// The Annex A application body, less received_on and channel.
domain::ApplicationForm ReadApplicationForm(BodyReader& body);

}  // namespace certreg::http
