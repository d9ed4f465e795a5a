package io.drover.suit.processor;

import com.upokecenter.cbor.CBORObject;

/** Takes a severable member's body out of an envelope that carries it, as a device would receive it apart. */
final class SeveredMembers {
    private SeveredMembers() {
    }

    static byte[] body(byte[] envelope, int label) {
        return CBORObject.DecodeFromBytes(envelope).UntagOne().get(CBORObject.FromObject(label)).GetByteString();
    }
}
