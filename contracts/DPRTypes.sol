// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @dev The vocabulary of the registry, shared by every DPR contract. This file is the one source of
 * truth for these enumerations: the SDK's copies are generated from the compiler's AST and a check
 * fails when they drift.
 *
 * Values are append-only: a deployed registry stores them as integers, so a new member goes at the end.
 */

/// @notice Where a participant is established or a dataset is held.
/// @dev Mainland China is GZ, the GBA's eight other mainland cities (SHENZHEN to ZHAOQING) and
/// MAINLAND_OTHER; HK and MO are the two special administrative regions; a grant between regions is
/// cross-border. GZ and the eight cities are the Greater Bay Area's mainland region, the only mainland
/// side the GBA standard contract admits; MAINLAND_OTHER is the rest of the mainland. The cities came
/// after OTHER because values are append-only.
enum Jurisdiction {
    GZ,
    HK,
    MO,
    MAINLAND_OTHER,
    OTHER,
    SHENZHEN,
    ZHUHAI,
    FOSHAN,
    HUIZHOU,
    DONGGUAN,
    ZHONGSHAN,
    JIANGMEN,
    ZHAOQING
}

/// @notice What a participant may do. A participant holds a set of roles, stored as a bitmask in
/// which bit `uint8(role)` is set for each role held.
enum Role {
    HOLDER,
    REGISTRAR,
    REGULATOR,
    AUDITOR
}

/// @notice The hash function that produced a content hash.
enum HashAlgorithm {
    SHA256,
    SM3,
    KECCAK256
}

/// @notice Whose data it is, after the "Data Twenty Articles" (2022).
enum Category {
    PUBLIC,
    ENTERPRISE,
    PERSONAL
}

/// @notice Classification under the Data Security Law (2021). CORE data is never registered for circulation.
enum Grade {
    GENERAL,
    IMPORTANT,
    CORE
}

/// @notice How a derived dataset came from one of its parents.
enum Derivation {
    REVISION,
    TRANSFORMATION,
    AGGREGATION,
    DE_IDENTIFICATION,
    MODEL_TRAINING
}

/// @notice The three data property rights, each granted on its own.
enum Right {
    HOLDING,
    PROCESSING_USE,
    PRODUCT_OPERATION
}

/// @notice The legal route for a cross-border grant. NONE is for grants that stay within one region.
/// @dev GBA_SC_HK / GBA_SC_MO: the Greater Bay Area standard contract (mainland <-> Hong Kong / Macao),
/// STANDARD_CONTRACT: the CAC standard contract, CERTIFICATION: personal-information protection
/// certification, SECURITY_ASSESSMENT: the CAC security assessment, EXEMPT: a documented exemption.
enum TransferMechanism {
    NONE,
    GBA_SC_HK,
    GBA_SC_MO,
    STANDARD_CONTRACT,
    CERTIFICATION,
    SECURITY_ASSESSMENT,
    EXEMPT
}

/// @notice The status of a dataset as read at the current block. Time-based transitions (the end of
/// the notice period) need no transaction: they are computed on read.
/// @dev REFUSED (a registrar refused it in review), WITHDRAWN (its holder withdrew it before the notice
/// period ended) and REJECTED (an objection upheld by a quorum) free the content hash for a new claim;
/// REVOKED (cancelled after notice by a quorum) and RETIRED keep it claimed. The last three came after
/// RETIRED because values are append-only.
enum DatasetStatus {
    UNREGISTERED,
    PENDING,
    NOTICE,
    CONFIRMED,
    DISPUTED,
    REJECTED,
    FROZEN,
    RETIRED,
    REFUSED,
    WITHDRAWN,
    REVOKED
}

/// @notice Where an organisation's objection to a registration (one claim on a content hash) stands.
/// @dev OPEN until the dispute is decided as a whole: DISMISSED (the organisation does not object to this
/// claim again) or UPHELD.
enum ObjectionStatus {
    NONE,
    OPEN,
    DISMISSED,
    UPHELD
}

/// @notice The status of a grant as read at the current block; EXPIRED and SCHEDULED are computed on read.
enum GrantStatus {
    NONE,
    AWAITING_ACKNOWLEDGEMENT,
    ACTIVE,
    SUSPENDED,
    REVOKED,
    DENIED,
    EXPIRED,
    SCHEDULED
}

/// @notice How open a dataset is under its directory entry's border conditions.
/// @dev UNDECLARED: no conditions were recorded, and only the law (the grant rules) limits grants. OPEN: grants
/// within the conditions; CONDITIONAL: the same on chain, and the holder decides each application; NOT_OPEN: no
/// grant at all. Strictness grows with the value.
enum Openness {
    UNDECLARED,
    OPEN,
    CONDITIONAL,
    NOT_OPEN
}

/// @notice Where a grantee may be established under a dataset's border conditions, relative to where the data is held.
/// @dev SAME_REGION: the dataset's own region (no cross-border grant; the regions are the mainland, Hong Kong, Macao
/// and elsewhere). GBA: the same region or anywhere in the Greater Bay Area (GZ, the eight other GBA cities, HK, MO).
/// ANYWHERE: no limit of place beyond the cross-border rules. Wideness grows with the value.
enum GranteeRegions {
    SAME_REGION,
    GBA,
    ANYWHERE
}

/**
 * @notice The part of a dataset's border conditions (its directory entry: who may use it, for what, under which
 * measures) that the grant registry enforces. One storage slot: openness (8) | rights (8) | regions (8) |
 * purposeClasses (16) | maxTerm (32).
 * @param openness UNDECLARED (nothing recorded), OPEN, CONDITIONAL or NOT_OPEN.
 * @param rights The rights that may be granted: bit `uint8(right)` set for each.
 * @param regions Where grantees may be.
 * @param purposeClasses The purpose classes grants may name: bit `purposeCode / 100` set for each class.
 * @param maxTerm The longest term of a grant in seconds (its expiry minus its start); zero for no limit.
 */
struct BorderConditions {
    Openness openness;
    uint8 rights;
    GranteeRegions regions;
    uint16 purposeClasses;
    uint32 maxTerm;
}
