// Internal to the demo data set (demo_data*.cc): the holders and their
// stories, and DemoFile, which records one file's story through the service.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "certreg/app/certification_service.h"
#include "certreg/domain/commands.h"

namespace certreg::app::demo {

using domain::Date;

// One holder: Annex A in brief. Names, codes and personal data are invented.
struct Holder {
  std::string name;
  std::string address;
  std::string area_code;  // 6 digits (GB/T 2260) of the registering authority; empty for a live salesperson
  std::string org_code;   // the 8 characters of the GB 11714 organisation code before its check character
  domain::OrgType org_type = domain::OrgType::kOther;
  std::string legal_representative, contact_name, phone, email;
  int founded_years = 0;  // years before the application
  int live_years = 0;     // years of live-streaming sales before the application
  std::string scale, service_scope;
  std::vector<std::string> platforms, live_modes;
  std::string live_hours;
  std::int64_t salespersons = 0, annual_turnover_cny = 0, annual_live_sessions = 0;
};

// Where a file's story ends (the table in demo_data_holders.cc says which holder).
enum class Story {
  kAwaitingAcceptance,
  kAwaitingMaterials,
  kAccepted,
  kInAudit,
  kReportSubmitted,
  kAwaitingReview,
  kAwaitingDecision,
  kAwaitingNotice,
  kConditionsPending,
  kAwaitingIssueAfterConditions,
  kAwaitingIssue,
  kDeclined,
  kWithdrawn,
  kRejected,
  kValid,
  kValidRecent,
  kValidSurveilled,
  kValidTwoSurveillances,
  kValidRenamed,
  kValidAddressChanged,
  kValidReissued,
  kValidAfterConditions,
  kValidReinstated,
  kValidAppealUpheld,
  kSuspendedAwaitingVerification,
  kSuspendedDeadlineAhead,
  kUnderRevocationAppealFiled,
  kRevokedAfterRefusedSurveillance,
  kRevokedAppealDismissed,
  kCancelledOnRequest,
  kCancelledExpired,
  kCancelledTerminated,
  kRenewed,
  kRecertifying,
};

struct DemoEntry {
  Story story;
  Holder holder;
};

// The data set, in loading order (demo_data_holders.cc).
const std::vector<DemoEntry>& DemoEntries();

// The 18-character unified social credit code of `holder`: "91", the area
// code, the organisation code with its GB 11714 check character, and the
// GB 32100 check character; empty for a live salesperson without one.
// InvalidArgument when the table holds a malformed code.
Result<std::string> UsccOf(const Holder& holder);

// Users of the demo (domain.md §1): the role field matches the user's role.
domain::Actor Clerk();
domain::Actor Leader();             // zhang.wei, team leader of every audit
domain::Actor Member(int seed);     // wang.fang or zhao.lei
domain::Actor Committee(int seed);  // chen.jie or liu.yang; never on an audit team
std::string Approver(int seed);     // the committee member as Annex B names the approver

// One file's story: commands recorded one at a time with explicit,
// strictly increasing effective dates, none after today. `service` and
// `holder` must outlive it. Not thread-safe.
class DemoFile {
 public:
  DemoFile(CertificationService& service, const Holder& holder, int seed, Date today)
      : service_(service), holder_(holder), seed_(seed), today_(today) {}

  const Holder& holder() const { return holder_; }
  int seed() const { return seed_; }
  Date today() const { return today_; }
  Date Ago(int days) const { return today_.AddDays(-days); }
  Date Ahead(int days) const { return today_.AddDays(days); }
  const std::string& id() const { return id_; }  // empty until the application is recorded
  std::size_t events() const { return events_; }
  std::size_t commands() const { return commands_; }  // commands recorded
  const domain::Scheme& scheme() const { return service_.scheme(); }

  // Records `command` as `actor`, effective `on`. A refusal is an error that
  // names the file, the holder, the command, the date and every reason.
  Status Do(Date on, domain::Command command, const domain::Actor& actor);

  // The id the domain gave the latest audit, finding or complaint of this file.
  enum class IdOf { kAudit, kFinding, kComplaint };
  Result<std::string> Latest(IdOf what) const;

  // The certificate's valid_until as recorded.
  Result<Date> ValidUntil() const;

 private:
  CertificationService& service_;
  const Holder& holder_;
  int seed_;
  Date today_;
  std::string id_;
  std::optional<Date> last_;
  std::size_t events_ = 0;
  std::size_t commands_ = 0;
};

// --- The standard path of a cycle (demo_data_paths.cc) -----------------------

// Steps of an initial or recertification cycle, in order.
enum class Step {
  kApplied,
  kAccepted,
  kPlanned,
  kFindings,
  kScored,
  kReported,
  kApproved,
  kReviewed,
  kDecided,
  kNotified,
  kIssued
};

// Days from the application to `step` on the standard path.
int DayOf(Step step);

struct CycleOptions {
  // approve: an observation only; conditional: a minor finding stays open
  // until the notice, then is closed and the conditions fulfilled before the
  // issue; reject: a major finding and indicators below their thresholds.
  domain::DecisionOutcome outcome = domain::DecisionOutcome::kApprove;
  bool recertification = false;    // ApplyForRecertification, a recertification audit, a renewal
  bool materials_request = false;  // one materials request answered before the acceptance
};

// Records the cycle from its application on `applied` through `until`.
Status RunCycle(DemoFile& f, Date applied, Step until, const CycleOptions& options = {});

// The whole initial path, ending with the certificate issued on `issued`.
Status Certify(DemoFile& f, Date issued, const CycleOptions& options = {});

struct FindingSpec {
  std::string indicator;
  domain::FindingGrade grade = domain::FindingGrade::kObservation;
  std::string description, evidence;
  int correction_days = 30;  // correction deadline: this many days after the finding
};

struct AuditSpec {
  domain::AuditKind kind = domain::AuditKind::kSurveillance;
  domain::SpecialTrigger trigger = domain::SpecialTrigger::kNone;
  std::string trigger_ref = {};
  std::optional<FindingSpec> finding = {};
  std::map<std::string, double> scores = {};  // indicator -> score; empty: the usual focus items
  domain::SurveillanceConclusion conclusion = domain::SurveillanceConclusion::kMaintain;
};

// A surveillance (or special) audit planned on `planned`, on site a week
// later, with its finding, its focus scores and its completion, eleven days
// after `planned`.
Status Surveil(DemoFile& f, Date planned, const AuditSpec& spec = {});

// Cancels the certificate on `on` on `grounds` (notified that day) and
// announces the cancellation three days later.
Status Cancel(DemoFile& f, Date on, std::string grounds, std::string reason);

// Opens a revocation proceeding on `grounds` on `opened_on`, issues its notice
// on `notice_on` with the appeal window to `appeal_until`, and revokes on
// `revoked_on`, no appeal having been filed.
Status RevokeUnappealed(DemoFile& f, Date opened_on, std::string grounds, std::string details, Date notice_on,
                        Date appeal_until, Date revoked_on);

// The Annex A form of the holder, signed on `applied_on`.
domain::ApplicationForm FormOf(const Holder& holder, const std::string& uscc, Date applied_on, int seed);

// Scores of a full assessment, varied by `seed`: every threshold met when
// `passing`, else goods and information security fall short.
domain::ScoresInput FullScores(const domain::Scheme& scheme, int seed, bool passing);

// --- The stories (demo_data_stories.cc) ----------------------------------------

Status Tell(Story story, DemoFile& f);

}  // namespace certreg::app::demo
