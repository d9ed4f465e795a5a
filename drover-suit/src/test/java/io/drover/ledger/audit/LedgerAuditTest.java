package io.drover.ledger.audit;

import static io.drover.ledger.audit.TestLedger.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.ledger.MerkleHashes;
import io.drover.ledger.SignedTreeHead;
import io.drover.ledger.TreeHead;
import io.drover.ledger.audit.AuditProblem.BadEntry;
import io.drover.ledger.audit.AuditProblem.BadHead;
import io.drover.ledger.audit.AuditProblem.RewrittenRange;
import io.drover.ledger.audit.AuditProblem.UnsignedRange;
import io.drover.suit.CoseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ledger audit: an intact ledger verifies, and each way of tampering with one is named at its first place. */
class LedgerAuditTest {
    private static final CoseSigner LEDGER_KEY = CoseSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519));
    private static final SigningKey DEVICE_KEY = SigningKey.generate(SignatureAlgorithm.ED25519);
    private static final SigningKey NEW_DEVICE_KEY = SigningKey.generate(SignatureAlgorithm.ES256);
    private static final LedgerAudit AUDIT = LedgerAudit.create(LEDGER_KEY.verificationKey());

    /**
     * 40 entries, heads at 0, 5, 13, 20, 37 and 40; device dev-3's key in entry 5, a signed success in entry 8, an
     * unsigned failure of dev-9 in entry 9, a new key for dev-3 in 20 and a failure signed with it in 21.
     */
    private final TestLedger ledger = new TestLedger(LEDGER_KEY).head()
            .change(5, "alice").head()
            .keyRecorded("dev-3", DEVICE_KEY).change(2, "bob")
            .reported("dev-3", 4, 9, "SUCCESS", DEVICE_KEY, true)
            .reported("dev-9", 4, 9, "FAILURE", null, false)
            .change(3, "carol").head()
            .change(7, "dave").head()
            .keyRecorded("dev-3", NEW_DEVICE_KEY)
            .reported("dev-3", 5, 10, "FAILURE", NEW_DEVICE_KEY, true)
            .change(15, "erin").head()
            .change(3, "frank").head();

    private AuditReport audit() {
        return AUDIT.verify(ledger.lines().iterator(), ledger.heads().iterator());
    }

    private AuditProblem problem() {
        AuditReport report = audit();
        assertThat(report.ok()).as("a problem is found").isFalse();
        return report.problem().orElseThrow();
    }

    @Test
    void verifiesAnIntactLedgerAndCountsWhatItChecked() {
        AuditReport report = audit();

        assertThat(report.problem()).isEmpty();
        assertThat(report).isEqualTo(new AuditReport(Optional.empty(), 40, 6, 2, 1));
        assertThat(report.summary()).isEqualTo("verified: 40 entries, 6 signed heads, 2 device-signed install reports"
                + " (1 reports without a verifiable device signature)");
    }

    @Test
    void namesAnAlteredEntryByTheNextEntrysPreviousHash() {
        replace(16, "\"dave\"", "\"mallory\"");

        assertThat(problem()).isEqualTo(new BadEntry(16, "altered: its hash is not the previous hash entry 17 states"));
        assertThat(problem().message()).startsWith("entry 16: altered");
    }

    @Test
    void namesAnEntryWhosePreviousHashWasAlteredNotTheOneBefore() {
        String hex = HexFormat.of().formatHex(MerkleHashes.leaf(ledger.lines().get(15)));
        replace(16, hex, "0".repeat(64));

        assertThat(problem()).isEqualTo(new BadEntry(16, "altered: its previous hash is not entry 15's hash, and its"
                + " own hash is not the previous hash entry 17 states"));
    }

    @Test
    void namesTheLastEntryAlteredByTheHeadThatCoversIt() {
        replace(39, "\"frank\"", "\"mallory\"");

        assertThat(problem()).isEqualTo(new RewrittenRange(37, 39, 40));
        assertThat(problem().message()).isEqualTo("entries 37..39 (first head that fails: size 40): not the entries"
                + " that head signed, its root does not match them");
    }

    @Test
    void namesADeletedEntry() {
        ledger.lines().remove(16);

        assertThat(problem()).isEqualTo(new BadEntry(16, "the entry in its place states index 17: entries were deleted"
                + " or moved here"));
    }

    @Test
    void namesTheFirstOfTwoSwappedEntries() {
        byte[] tenth = ledger.lines().get(10);
        ledger.lines().set(10, ledger.lines().get(20));
        ledger.lines().set(20, tenth);

        assertThat(problem()).isEqualTo(new BadEntry(10, "the entry in its place states index 20: entries were deleted"
                + " or moved here"));
    }

    @Test
    void namesAnInsertedEntryThatStatesTheRightPlace() {
        byte[] intruder = TestLedger.line(16, MerkleHashes.leaf(ledger.lines().get(15)),
                new TestLedger.Said("rollout.approved", "mallory", null, 7L, 3L, Map.of("reason", "trust me")));
        ledger.lines().add(16, intruder);

        assertThat(problem()).isEqualTo(new BadEntry(16, "inserted: the next entry states it is entry 16, following"
                + " entry 15"));
    }

    @Test
    void namesAnEntryAddedAfterTheLastHead() {
        ledger.change(1, "mallory");

        assertThat(problem()).isEqualTo(new UnsignedRange(40, 40));
        assertThat(problem().message()).isEqualTo("entries 40..40: no signed head covers them (the last head has size 40)");
    }

    @Test
    void namesTheRangeOnlyASignedHeadCatchesWhenEveryLaterEntryWasRewritten() {
        ledger.rewrite(15, said -> new TestLedger.Said(said.kind(), "mallory", said.deviceId(), said.releaseId(),
                said.rolloutId(), said.details()));

        assertThat(problem()).isEqualTo(new RewrittenRange(13, 19, 20));
        assertThat(problem().message()).startsWith("entries 13..19 (first head that fails: size 20)");
    }

    @Test
    void namesAnEntryThatIsNoLedgerEntry() {
        ledger.lines().set(7, utf8("{\"index\":7"));
        assertThat(problem()).isInstanceOfSatisfying(BadEntry.class, bad -> {
            assertThat(bad.index()).isEqualTo(7);
            assertThat(bad.detail()).startsWith("not a ledger entry: not JSON");
        });
    }

    @Test
    void readsEntriesStrictly() {
        String previous = HexFormat.of().formatHex(MerkleHashes.leaf(ledger.lines().get(6)));
        String rest = "\"time\":\"t\",\"kind\":\"k\",\"actor\":\"a\",\"details\":{}";
        Map<String, String> refused = Map.of(
                "{\"index\":7,\"index\":7,\"previous\":\"" + previous + "\"," + rest + "}", "not JSON: Duplicate field 'index'",
                "{\"index\":7,\"previous\":\"" + previous + "\"," + rest + "} {}", "more after the entry's object",
                "{\"index\":7,\"previous\":\"" + previous + "\",\"time\":\"t\",\"kind\":\"k\",\"details\":{}}", "no actor",
                "{\"index\":7.0,\"previous\":\"" + previous + "\"," + rest + "}", "index is not a whole number from 0",
                "{\"index\":7,\"previous\":\"abc\"," + rest + "}", "previous is not 64 hex digits",
                "{\"index\":7,\"previous\":\"" + previous + "\",\"time\":\"t\",\"kind\":\"k\",\"actor\":\"a\",\"details\":[]}",
                "details is not an object",
                "[]", "not a JSON object",
                "", "not a JSON object");
        refused.forEach((line, why) -> {
            ledger.lines().set(7, utf8(line));
            assertThat(problem()).as(line).isInstanceOfSatisfying(BadEntry.class, bad -> {
                assertThat(bad.index()).isEqualTo(7);
                assertThat(bad.detail()).startsWith("not a ledger entry: " + why);
            });
        });
    }

    @Test
    void namesAFirstEntryThatStatesAPreviousHash() {
        ledger.lines().set(0, TestLedger.line(0, MerkleHashes.emptyRoot(),
                new TestLedger.Said("rollout.changed", "alice", null, 7L, 3L, Map.of())));

        assertThat(problem()).isEqualTo(new BadEntry(0, "states a previous hash, but the first entry has none (64 zeros)"));
    }

    @Test
    void namesAHeadWhoseRootWasForged() {
        SignedTreeHead signed = ledger.heads().get(2);
        TreeHead head = signed.head();
        ledger.heads().set(2, new SignedTreeHead(new TreeHead(head.size(), head.timestamp(), ledger.root(12)),
                signed.signature()));

        assertThat(problem()).isEqualTo(new BadHead(13, "signature does not verify with the ledger key"));
        assertThat(problem().message()).isEqualTo("head of size 13: signature does not verify with the ledger key");
    }

    @Test
    void namesAHeadSignedByAnotherKey() {
        CoseSigner stranger = CoseSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519));
        ledger.heads().set(3, SignedTreeHead.sign(ledger.heads().get(3).head(), stranger));

        assertThat(problem()).isEqualTo(new BadHead(20, "signature does not verify with the ledger key"));
    }

    @Test
    void namesHeadsOutOfOrderOrBeyondTheLog() {
        List<SignedTreeHead> heads = ledger.heads();
        heads.add(2, heads.get(3));
        assertThat(problem()).isEqualTo(new BadHead(13, "listed after the head of size 20: heads go smallest first,"
                + " once each"));

        heads.remove(2);
        ledger.lines().subList(38, 40).clear();
        assertThat(problem()).isEqualTo(new BadHead(40, "beyond the log, which has 38 entries"));
    }

    @Test
    void namesAHeadPinnedEarlierThatTheLedgerNoLongerLists() {
        List<SignedTreeHead> pinned = List.copyOf(ledger.heads());
        SignedTreeHead dropped = ledger.heads().remove(3);

        assertThat(audit().ok()).as("without pins a dropped head goes unnoticed").isTrue();
        assertThat(AUDIT.verify(ledger.lines().iterator(), ledger.heads().iterator(), pinned.iterator()).problem())
                .contains(new BadHead(20, "pinned earlier, but missing from the ledger's heads"));

        ledger.heads().add(3, SignedTreeHead.sign(new TreeHead(20, dropped.head().timestamp().plusSeconds(9),
                dropped.head().rootHash()), LEDGER_KEY));
        assertThat(AUDIT.verify(ledger.lines().iterator(), ledger.heads().iterator(), pinned.iterator()).problem())
                .contains(new BadHead(20, "not the head pinned earlier for this size"));
    }

    @Test
    void aPinnedHeadShowsEntriesRewrittenSinceTogetherWithTheirHeads() {
        List<SignedTreeHead> pinned = List.copyOf(ledger.heads());
        ledger.rewrite(15, said -> new TestLedger.Said(said.kind(), "mallory", said.deviceId(), said.releaseId(),
                said.rolloutId(), said.details()));
        ledger.heads().subList(3, 6).clear();
        ledger.head();

        assertThat(audit().ok()).isTrue();
        assertThat(AUDIT.verify(ledger.lines().iterator(), ledger.heads().iterator(), pinned.iterator()).problem())
                .contains(new RewrittenRange(13, 19, 20));
    }

    @Test
    void checksTheConsistencyProofsOfALiveServer() {
        Map<String, List<byte[]>> asked = new HashMap<>();
        ConsistencyProofs honest = (first, second) -> {
            List<byte[]> proof = ledger.tree().consistencyProof(first, second);
            asked.put(first + "->" + second, proof);
            return proof;
        };
        assertThat(AUDIT.withConsistencyProofs(honest).verify(ledger.lines().iterator(), ledger.heads().iterator())
                .ok()).isTrue();
        assertThat(asked.keySet()).containsExactlyInAnyOrder("5->13", "13->20", "20->37", "37->40");

        ConsistencyProofs lying = (first, second) -> {
            List<byte[]> proof = new ArrayList<>(ledger.tree().consistencyProof(first, second));
            if (second == 37) {
                proof.set(0, MerkleHashes.emptyRoot());
            }
            return proof;
        };
        assertThat(AUDIT.withConsistencyProofs(lying).verify(ledger.lines().iterator(), ledger.heads().iterator())
                .problem()).contains(new BadHead(37, "the server's consistency proof from the head of size 20 does"
                        + " not verify"));

        ConsistencyProofs refusing = (first, second) -> {
            throw new DroverException(new ErrorCode("ledger.out-of-range", ErrorCode.Category.MALFORMED), "no");
        };
        assertThat(AUDIT.withConsistencyProofs(refusing).verify(ledger.lines().iterator(), ledger.heads().iterator())
                .problem()).contains(new BadHead(13, "the server gives no consistency proof from the head of size 5: no"));
    }

    @Test
    void namesAReportWhoseDeviceSignatureDoesNotVerifyWithTheRecordedKey() {
        SigningKey stranger = SigningKey.generate(SignatureAlgorithm.ED25519);
        ledger.rewrite(8, said -> withDetail(said, "signedReport",
                TestLedger.signedReport(stranger, "dev-3", 4, 9, "SUCCESS")));

        assertThat(problem()).isEqualTo(new BadEntry(8, "device signature does not verify with device dev-3's key"
                + " (recorded in entry 5)"));
    }

    @Test
    void aReportTheServerDidNotVouchForIsCountedNotFailed() {
        SigningKey stranger = SigningKey.generate(SignatureAlgorithm.ED25519);
        ledger.rewrite(8, said -> withDetail(withDetail(said, "signatureVerified", false), "signedReport",
                TestLedger.signedReport(stranger, "dev-3", 4, 9, "SUCCESS"))).resignHeads();

        AuditReport report = audit();

        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.reportsVerified()).isEqualTo(1);
        assertThat(report.reportsUnverified()).isEqualTo(2);
    }

    @Test
    void aReportSignedWithAKeyTheDeviceNoLongerHasDoesNotVerify() {
        ledger.rewrite(21, said -> withDetail(said, "signedReport",
                TestLedger.signedReport(DEVICE_KEY, "dev-3", 5, 10, "FAILURE")));

        assertThat(problem()).isEqualTo(new BadEntry(21, "device signature does not verify with device dev-3's key"
                + " (recorded in entry 20)"));
    }

    @Test
    void namesAReportWhoseEntryStatesOtherThanTheDeviceSigned() {
        ledger.rewrite(8, said -> new TestLedger.Said(said.kind(), said.actor(), said.deviceId(), said.releaseId(), 5L,
                said.details()));
        assertThat(problem()).isEqualTo(new BadEntry(8, "the device signed rolloutId 4, the entry states 5"));

        ledger.rewrite(8, said -> new TestLedger.Said(said.kind(), said.actor(), said.deviceId(), said.releaseId(), 4L,
                withDetail(said, "status", "FAILURE").details()));
        assertThat(problem()).isEqualTo(new BadEntry(8, "the device signed status SUCCESS, the entry states FAILURE"));

        ledger.rewrite(8, said -> withDetail(said, "status", "RETRYING"));
        assertThat(problem()).isEqualTo(new BadEntry(8, "status RETRYING carries a signed report, which only final"
                + " reports have"));
    }

    @Test
    void aStepOnTheWayIsASuccessTheDeviceSigned() {
        ledger.rewrite(8, said -> withDetail(said, "status", "STEPPED")).resignHeads();

        assertThat(audit().ok()).isTrue();
    }

    @Test
    void namesAReportClaimingAVerifiedSignatureItCannotHave() {
        ledger.rewrite(9, said -> withDetail(said, "signatureVerified", true));
        assertThat(problem()).isEqualTo(new BadEntry(9, "states signatureVerified but carries no signedReport"));

        ledger.rewrite(9, said -> withDetail(said, "signedReport",
                TestLedger.signedReport(DEVICE_KEY, "dev-9", 4, 9, "FAILURE")));
        assertThat(problem()).isEqualTo(new BadEntry(9, "states signatureVerified, but no earlier device.key-recorded"
                + " entry gives device dev-9's key"));

        ledger.rewrite(9, said -> withDetail(said, "signedReport", "not base64!"));
        assertThat(problem()).isInstanceOfSatisfying(BadEntry.class,
                bad -> assertThat(bad.index()).isEqualTo(9));
    }

    @Test
    void namesAReportWhoseSignedReportIsNoReport() {
        ledger.rewrite(8, said -> withDetail(said, "signedReport", "AAEC"));

        assertThat(problem()).isInstanceOfSatisfying(BadEntry.class, bad -> {
            assertThat(bad.index()).isEqualTo(8);
            assertThat(bad.detail()).startsWith("its signedReport is no signed install report: ");
        });
    }

    @Test
    void namesADeviceKeyThatIsNoKey() {
        ledger.rewrite(5, said -> withDetail(said, "publicKeyPem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));

        assertThat(problem()).isInstanceOfSatisfying(BadEntry.class, bad -> {
            assertThat(bad.index()).isEqualTo(5);
            assertThat(bad.detail()).startsWith("device dev-3's publicKeyPem is no usable key");
        });
    }

    private void replace(int index, String from, String to) {
        String line = new String(ledger.lines().get(index), StandardCharsets.UTF_8);
        assertThat(line).contains(from);
        ledger.lines().set(index, utf8(line.replace(from, to)));
    }

    private static TestLedger.Said withDetail(TestLedger.Said said, String name, Object value) {
        Map<String, Object> details = new HashMap<>(said.details());
        details.put(name, value);
        return new TestLedger.Said(said.kind(), said.actor(), said.deviceId(), said.releaseId(), said.rolloutId(),
                details);
    }
}
