package org.babelbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoiceSampleCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final byte[] SAMPLE = "RIFF....WAVEfmt a voice sample".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dataDir;

    @Test
    void sealsWithAFreshNonceAndOpensToTheSameBytes() {
        VoiceSampleCipher cipher = new VoiceSampleCipher(KEY, true, dataDir.toString());
        byte[] a = cipher.seal(SAMPLE);
        byte[] b = cipher.seal(SAMPLE);
        assertThat(a).isNotEqualTo(b);
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("RIFF").doesNotContain("voice");
        assertThat(cipher.open(a)).isEqualTo(SAMPLE);
        assertThat(cipher.open(b)).isEqualTo(SAMPLE);
    }

    @Test
    void rejectsAlteredDataAndAnotherKey() {
        VoiceSampleCipher cipher = new VoiceSampleCipher(KEY, true, dataDir.toString());
        byte[] sealed = cipher.seal(SAMPLE);
        sealed[sealed.length - 3] ^= 1;
        assertThatThrownBy(() -> cipher.open(sealed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("altered");
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        VoiceSampleCipher other = new VoiceSampleCipher(Base64.getEncoder().encodeToString(otherKey), true,
                dataDir.toString());
        assertThatThrownBy(() -> other.open(cipher.seal(SAMPLE))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.open(SAMPLE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an encrypted voice sample");
        assertThatThrownBy(() -> cipher.open(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToStartWithoutAKeyWhenOneIsRequired() {
        assertThatThrownBy(() -> new VoiceSampleCipher("", true, dataDir.toString()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(VoiceSampleCipher.KEY_SETTING);
        assertThatThrownBy(() -> new VoiceSampleCipher("c2hvcnQ=", true, dataDir.toString()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new VoiceSampleCipher("!!not base64!!", false, dataDir.toString()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("base64");
    }

    @Test
    void generatesAnOwnerOnlyKeyOnceAndReusesIt() throws Exception {
        VoiceSampleCipher first = new VoiceSampleCipher(null, false, dataDir.toString());
        Path keyFile = dataDir.resolve("keys/voice.key");
        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String key = Files.readString(keyFile);
        VoiceSampleCipher second = new VoiceSampleCipher("", false, dataDir.toString());
        assertThat(Files.readString(keyFile)).isEqualTo(key);
        assertThat(second.open(first.seal(SAMPLE))).isEqualTo(SAMPLE);
    }
}
