// The grounds codes of the rule's §8.2 (suspension 8.2.1, revocation 8.2.2,
// cancellation 8.2.3) that code names: the codes the time-driven rules emit,
// the ones the deciders treat specially, and the ones the demo and benchmark
// data record. The scheme file (src/scheme/cmm-525-0010.json) keeps every
// code's texts; these are the codes alone, as events and rows store them.
#pragma once

namespace certreg::domain::grounds {

// §8.2.1, suspension.
inline constexpr char kMinorNotCorrected[] = "8.2.1-1";     // a surveillance finding not corrected in time
inline constexpr char kChangeNotReported[] = "8.2.1-2";     // a major change not reported in time
inline constexpr char kOrdinaryViolation[] = "8.2.1-3";     // an ordinary violation of law
inline constexpr char kOtherSuspension[] = "8.2.1-4";       // other circumstances

// §8.2.2, revocation.
inline constexpr char kMajorNonconformity[] = "8.2.2-1";    // a major surveillance nonconformity
inline constexpr char kFalseMaterials[] = "8.2.2-2";        // false materials or concealment
inline constexpr char kSeriousViolation[] = "8.2.2-3";      // a serious violation of law
inline constexpr char kSurveillanceRefused[] = "8.2.2-4";   // a surveillance audit refused
inline constexpr char kRectificationOverdue[] = "8.2.2-5";  // not rectified when the suspension ran out

// §8.2.3, cancellation.
inline constexpr char kExpired[] = "8.2.3-1";               // expired without a recertification application
inline constexpr char kHolderRequested[] = "8.2.3-2";       // the holder asked for it
inline constexpr char kHolderTerminated[] = "8.2.3-3";      // the holder ended by law
inline constexpr char kOtherCancellation[] = "8.2.3-4";     // other: a recertification not granted

}  // namespace certreg::domain::grounds
