package org.babelbridge.speech;

/**
 * A speech engine cannot start because of its configuration: a missing model, key, library or
 * server. The message names the setting to fix.
 */
public final class EngineConfigurationException extends RuntimeException {

    private final String setting;

    public EngineConfigurationException(String setting, String problem) {
        super(problem + " (setting: " + setting + ")");
        this.setting = setting;
    }

    public EngineConfigurationException(String setting, String problem, Throwable cause) {
        super(problem + " (setting: " + setting + ")", cause);
        this.setting = setting;
    }

    /** The configuration key to fix, e.g. {@code speech.stt.pocketsphinx.model-dir}. */
    public String setting() {
        return setting;
    }
}
