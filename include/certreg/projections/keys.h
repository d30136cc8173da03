// Column families and key layout of the read models. The layout is written
// down in projections/README.md ("Key layout"); these functions are its only
// implementation. Pure and thread-safe.
//
// Certificate numbers, USCCs and file ids never contain a NUL byte (numbers
// and ids are generated, USCCs are validated), so 0x00 ends them in a key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certreg::projections {

inline constexpr char kCertificatesCf[] = "proj_certificates";     // number -> CertificateRow
inline constexpr char kChangesCf[] = "proj_changes";               // number 0 version item -> ChangeRow
inline constexpr char kStatusHistoryCf[] = "proj_status_history";  // number 0 version -> StatusRow
inline constexpr char kSurveillanceCf[] = "proj_surveillance";     // number 0 version -> SurveillanceRow
inline constexpr char kWorkQueueCf[] = "proj_work_queue";          // file id -> WorkQueueRow
inline constexpr char kPublicIndexCf[] = "proj_public_index";      // "u"/"g" postings -> ""
inline constexpr char kHeldScopesCf[] = "proj_held_scopes";        // uscc 0 scope 0 file id -> ""
inline constexpr char kFeedCf[] = "proj_feed";                     // BE8(log position) -> FeedRow

// The version of the read models' layout and meaning. Raise it whenever a
// row's fields or what they are computed from change: a store whose read
// models carry another version has them rebuilt from the log when it opens.
inline constexpr int kReadModelFormat = 6;  // 6: one gram per code point of a name (5: every gram of 1 to 4)

// Every column family above, for opening the store.
std::vector<std::string> ProjectionColumnFamilies();
// Those of them whose rows are overwritten or follow the last row with the
// same key head (the bytes up to the first 0x00): store::StoreOptions::
// sequential_column_families. Not the public index and the held scopes,
// whose postings are random keys written once.
std::vector<std::string> SequentialProjectionColumnFamilies();

// proj_certificates and proj_work_queue: the number / the file id itself.
inline std::string CertificateKey(std::string_view number) { return std::string(number); }
inline std::string WorkQueueKey(std::string_view file_id) { return std::string(file_id); }

// number ‖ 0x00: the prefix of one certificate's rows in the history tables.
std::string HistoryPrefix(std::string_view number);
// number ‖ 0x00 ‖ version (8 bytes big-endian): proj_status_history, proj_surveillance.
std::string HistoryKey(std::string_view number, std::uint64_t version);
// number ‖ 0x00 ‖ version (8 bytes BE) ‖ item (2 bytes BE): proj_changes.
std::string ChangeKey(std::string_view number, std::uint64_t version, std::uint16_t item);

// proj_public_index, USCC postings: "u" ‖ uscc ‖ 0x00 ‖ number -> "".
std::string UsccPrefix(std::string_view uscc);
std::string UsccKey(std::string_view uscc, std::string_view number);

// proj_held_scopes, staff only: the files holding a USCC and a scope
// (domain::HeldScopes): uscc ‖ 0x00 ‖ scope key ‖ 0x00 ‖ file id -> "".
std::string HeldScopePrefix(std::string_view uscc, std::string_view scope_key);
std::string HeldScopeKey(std::string_view uscc, std::string_view scope_key, std::string_view file_id);

// proj_feed: the global log position, 8 bytes big-endian (so keys sort by
// position); PositionOfFeedKey reads it back, nullopt for a key of another size.
std::string FeedKey(std::uint64_t position);
std::optional<std::uint64_t> PositionOfFeedKey(std::string_view key);

// proj_public_index, number postings: "n" ‖ the search form of the number
// (text::SearchForm: no dashes, lower case) ‖ 0x00 ‖ number -> "".
std::string NumberPrefix(std::string_view number_form);
std::string NumberKey(std::string_view number_form, std::string_view number);

// The most code points a gram holds: a query of at most this many code
// points is the start of a gram of every name that holds it, so the postings
// of the grams starting with it are exactly its matches.
inline constexpr std::size_t kMaxGramLength = 4;

// proj_public_index, name n-gram postings: "g" ‖ gram ‖ 0x00 ‖ number -> "".
// A name's grams are, for each of its code points, the UTF-8 of the
// kMaxGramLength code points starting there, fewer at the end of the name
// (its search form, text::SearchForm): every piece of a name of at most
// kMaxGramLength code points starts one of them.
std::string GramPrefix(std::string_view gram);
std::string GramKey(std::string_view gram, std::string_view number);
// The prefix of the postings of every gram that starts with `start` (no NUL
// byte after it, unlike GramPrefix's); ParseGramKey reads such a posting.
std::string GramStartPrefix(std::string_view start);
// The parts of a gram posting's key, viewing `key`; nullopt for a key of
// another shape.
struct GramPosting {
  std::string_view gram, number;
};
std::optional<GramPosting> ParseGramKey(std::string_view key);

// The code points of `text` as UTF-8 substrings, ASCII letters lower-cased.
// A byte that does not start a well-formed UTF-8 sequence is one code point
// of its own (the byte itself), so every input splits, and the pieces join
// back to the lower-cased input.
std::vector<std::string> CodePoints(std::string_view text);

// ASCII letters lower-cased; every other byte unchanged.
std::string AsciiLower(std::string_view text);

// The grams of `name` (see GramKey): for each code point of its search form
// (text::SearchForm, then CodePoints), the kMaxGramLength code points
// starting there, fewer at the end or before a NUL code point (which no gram
// holds); each once, sorted.
std::vector<std::string> NameGrams(std::string_view name);

}  // namespace certreg::projections
