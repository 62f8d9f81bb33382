package dev.skyport.users.user;

import io.swagger.v3.oas.annotations.media.Schema;

/** A user's preferences; every field optional. */
@Schema(description = "A user's preferences; every field is optional")
public record Preferences(
        @Schema(description = "BCP 47 language tag", example = "en-GB", nullable = true)
        @ValidCode(ValidCode.Kind.LANGUAGE) String language,
        @Schema(description = "IANA time zone id", example = "Europe/London", nullable = true)
        @ValidCode(ValidCode.Kind.TIME_ZONE) String timeZone,
        @Schema(description = "Whether the user accepts marketing e-mails", nullable = true)
        Boolean marketingEmails) {

    static Preferences of(PreferencesItem item) {
        return item == null ? null : new Preferences(item.getLanguage(), item.getTimeZone(), item.getMarketingEmails());
    }

    PreferencesItem toItem() {
        PreferencesItem item = new PreferencesItem();
        item.setLanguage(language);
        item.setTimeZone(timeZone);
        item.setMarketingEmails(marketingEmails);
        return item;
    }
}
