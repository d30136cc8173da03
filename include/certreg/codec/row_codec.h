// The stored bytes of the read models' rows (schemas/projections.capnp; keys
// in projections/README.md), for the plain row values of
// include/certreg/projections/rows.h.
//
// The arrow: the projections call these functions (certreg_projections links
// certreg_codec), and the codec sees of the projections only their row types,
// plain structs over domain values declared in rows.h; certreg_codec links
// nothing of the projections. The generated Cap'n Proto code stays behind
// this header, in the codec.
//
// Encode* return the canonical bytes of a row: a one-segment flat message of
// the canonical encoding, so equal rows are equal bytes. Decode* never throw
// or crash on bad bytes: Corruption when the bytes are not a row of the
// expected type (bad words, broken pointers, reader limits exceeded, an
// unknown enumerant, a malformed date). All functions are thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "certreg/common/status.h"
#include "certreg/projections/rows.h"

namespace certreg::codec {

std::string EncodeCertificateRow(const projections::CertificateRow& row);
std::string EncodeChangeRow(const projections::ChangeRow& row);
std::string EncodeStatusRow(const projections::StatusRow& row);
std::string EncodeSurveillanceRow(const projections::SurveillanceRow& row);
std::string EncodeWorkQueueRow(const projections::WorkQueueRow& row);
std::string EncodeFeedRow(const projections::FeedRow& row);

Result<projections::CertificateRow> DecodeCertificateRow(std::string_view bytes);
Result<projections::ChangeRow> DecodeChangeRow(std::string_view bytes);
Result<projections::StatusRow> DecodeStatusRow(std::string_view bytes);
Result<projections::SurveillanceRow> DecodeSurveillanceRow(std::string_view bytes);
Result<projections::WorkQueueRow> DecodeWorkQueueRow(std::string_view bytes);
Result<projections::FeedRow> DecodeFeedRow(std::string_view bytes);

}  // namespace certreg::codec
