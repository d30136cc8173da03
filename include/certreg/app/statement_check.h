// The offline check of a certificate status statement (README, "The
// verifiable log: the status statement"; trust.md §5), as `certreg statement
// verify` runs it: nothing but the statement's text and the two verifier keys
// one trusts.
//
// The checks, in order (the first that fails is named):
//   1. form: a signed note, then a c2sp.org/tlog-proof@v1 with an `extra`
//      line, `index`, the hashes, a blank line and a checkpoint;
//   2. the status key's signature on the statement;
//   3. the statement's lines (certreg/app/status_statement.h) and its origin:
//      "<origin>/status-statement/v1" with <origin> the log key's name and
//      "<origin>/status" the status key's;
//   4. the log key's signature on the checkpoint, its origin;
//   5. `size` and `root` equal the checkpoint's, `index` equals `event`;
//   6. the inclusion proof of the leaf `extra` (its hash) at `index` against
//      the checkpoint's root;
//   7. the leaf decodes as a public event of a certification file (the
//      project's codec), of that certificate where the event names it
//      (CertificateIssued, CertificateRenewed), and implies the statement's
//      status, status_since, valid_until, holder and uscc as far as the
//      event states them (e.g. CertificateSuspended: SUSPENDED since its
//      effective date; CertificateIssued: every one of them).
// Thread-safe; no I/O.
#pragma once

#include <string>
#include <string_view>

#include "certreg/app/status_statement.h"
#include "certreg/common/signed_note.h"
#include "certreg/common/status.h"

namespace certreg::app {

// A leaf's bytes (the canonical words of a stored event with its hashes
// unset, as the tree hashes them) as a one-segment Cap'n Proto message: the
// segment table (segment count - 1 = 0, the size in words, little-endian
// uint32 each) before the words, the form the codec decodes
// (codec::DecodeStoredEvent, store::EventToJson). The words are taken as
// given: a leaf whose length is no multiple of 8 fails to decode.
std::string EnvelopeOfLeaf(std::string_view leaf);

// The statement's facts when every check holds. Otherwise InvalidArgument for
// a text that is not a statement (check 1 or 3: its form), Corruption naming
// the first check that fails (a signature, the origin, a line that
// disagrees with the checkpoint or the event, the proof).
Result<StatementFacts> CheckStatusStatement(std::string_view text, const NoteVerifier& log_key,
                                            const NoteVerifier& status_key);

}  // namespace certreg::app
