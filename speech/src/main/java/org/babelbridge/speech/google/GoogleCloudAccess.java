package org.babelbridge.speech.google;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.babelbridge.speech.EngineConfigurationException;

/** Service-account credentials and error text shared by the Google Cloud adapters. */
public final class GoogleCloudAccess {

    private GoogleCloudAccess() {
    }

    /**
     * Reads a service-account key file.
     *
     * @param setting the configuration key that names the file, for the start-up error
     * @throws EngineConfigurationException naming {@code setting} when the file is missing or unreadable
     */
    public static CredentialsProvider credentials(Path keyFile, String setting, String api) {
        if (keyFile == null) {
            throw new EngineConfigurationException(setting, api + " needs a service-account key file");
        }
        try (InputStream in = Files.newInputStream(keyFile)) {
            return FixedCredentialsProvider.create(GoogleCredentials.fromStream(in)
                    .createScoped(List.of("https://www.googleapis.com/auth/cloud-platform")));
        } catch (IOException | RuntimeException e) {
            throw new EngineConfigurationException(setting,
                    "cannot read the Google service-account key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * One attempt, held to {@code timeoutMs}: the pipeline has its own retry with backoff, and a dubbed
     * utterance that arrives after the client library's default minutes of retrying is worthless.
     */
    public static RetrySettings oneAttempt(long timeoutMs) {
        Duration timeout = Duration.ofMillis(timeoutMs);
        return RetrySettings.newBuilder().setTotalTimeoutDuration(timeout).setInitialRpcTimeoutDuration(timeout)
                .setMaxRpcTimeoutDuration(timeout).setRpcTimeoutMultiplier(1.0).setMaxAttempts(1).build();
    }

    /** "STATUS: message" for a client error, the message otherwise. */
    public static String describe(Throwable error) {
        return error instanceof ApiException api ? api.getStatusCode().getCode() + ": " + error.getMessage()
                : String.valueOf(error.getMessage());
    }
}
