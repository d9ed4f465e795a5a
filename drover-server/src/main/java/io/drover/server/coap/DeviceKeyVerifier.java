package io.drover.server.coap;

import io.drover.error.DroverException;
import io.drover.server.fleet.DeviceIdentityService;
import io.drover.server.fleet.SessionCredential;
import io.drover.suit.VerificationKey;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.scandium.util.ServerNames;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.x509.CertificateVerifier;

/**
 * The server's side of a raw-public-key handshake (RFC 7250): the device proves it holds its identity key, the one on
 * record in the device registry (Ed25519 or P-256, the key that signs its install reports). A key no device that is
 * not revoked holds fails the handshake, and nothing is recorded.
 */
final class DeviceKeyVerifier implements CertificateVerifier {
    private final DeviceIdentityService identities;

    DeviceKeyVerifier(DeviceIdentityService identities) {
        this.identities = identities;
    }

    @Override
    public List<CertificateType> getSupportedCertificateTypes() {
        return List.of(CertificateType.RAW_PUBLIC_KEY);
    }

    @Override
    public CertificateVerificationResult verifyCertificate(ConnectionId cid, ServerNames serverName,
            InetSocketAddress remotePeer, boolean clientUsage, boolean verifySubject, boolean truncateCertificatePath,
            CertificateMessage message) {
        PublicKey presented = message.getPublicKey();
        Optional<VerificationKey> key = presented == null ? Optional.empty() : identityKey(presented);
        Optional<String> device = key.flatMap(identities::deviceWithKey);
        if (device.isEmpty()) {
            return new CertificateVerificationResult(cid, new HandshakeException("the raw public key of " + remotePeer
                    + " is no device's identity key", new AlertMessage(AlertLevel.FATAL,
                    AlertDescription.BAD_CERTIFICATE)));
        }
        return new CertificateVerificationResult(cid, presented,
                new DeviceSession(device.get(), new SessionCredential.IdentityKey(key.get().toPem())));
    }

    /** The presented key as Drover reads identity keys; empty for any other kind of key. */
    private static Optional<VerificationKey> identityKey(PublicKey presented) {
        try {
            return Optional.of(VerificationKey.fromSpki(presented.getEncoded()));
        } catch (DroverException notAnIdentityKey) {
            return Optional.empty();
        }
    }

    /** Raw public keys have no issuers. */
    @Override
    public List<X500Principal> getAcceptedIssuers() {
        return List.of();
    }

    /** Keys are judged at once, never later. */
    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {}
}
