"""Code -> label tables of the enumerated dimension values.

Each table is written as ``CODE Label`` items separated by ``|`` or new lines.
"""

from __future__ import annotations

__all__ = [
    "AD_TYPES",
    "AGE_GROUPS",
    "AUDIENCE_TYPES",
    "CREATOR_CONTENT_TYPES",
    "DETAILED_TRAFFIC_SOURCES",
    "DEVICE_TYPES",
    "ELAPSED_VIDEO_TIME_RATIOS",
    "GENDERS",
    "LIVE_OR_ON_DEMAND",
    "MEMBERSHIP_CANCELLATION_REASONS",
    "OPERATING_SYSTEMS",
    "PLAYBACK_LOCATIONS",
    "SHARING_SERVICES",
    "SUBSCRIBED_STATUSES",
    "TRAFFIC_SOURCES",
    "YOUTUBE_PRODUCTS",
]


def _table(text: str) -> dict[str, str]:
    items = (item.strip() for line in text.strip().splitlines() for item in line.split("|"))
    pairs = (item.partition(" ") for item in items if item)
    return {code: label for code, _, label in pairs}


# YT_PLAYLIST_PAGE is left out: Google merged it into PLAYLIST on 4 Dec 2023.
TRAFFIC_SOURCES = _table("""
ADVERTISING YouTube advertising|ANNOTATION Cards and annotations|CAMPAIGN_CARD Campaign cards
END_SCREEN End screens|EXT_URL External websites and apps|HASHTAGS Hashtag pages
IMMERSIVE_LIVE Live feed|LIVE_REDIRECT Live redirects|NO_LINK_EMBEDDED Embedded players
NO_LINK_OTHER Direct or unknown|NOTIFICATION Notifications|PLAYLIST Playlists
PRODUCT_PAGE Product pages|PROMOTED Unpaid promotion|RELATED_VIDEO Suggested videos
SHORTS Shorts feed|SHORTS_CONTENT_LINKS Links in Shorts|SOUND_PAGE Sound pages
SUBSCRIBER Browse features|VIDEO_REMIXES Remixes|YT_CHANNEL Channel pages
YT_OTHER_PAGE Other YouTube pages|YT_SEARCH YouTube search
""")

# The traffic-source types for which Google reports an insightTrafficSourceDetail.
DETAILED_TRAFFIC_SOURCES: tuple[str, ...] = (
    "ADVERTISING", "CAMPAIGN_CARD", "END_SCREEN", "EXT_URL", "HASHTAGS", "NOTIFICATION",
    "RELATED_VIDEO", "SOUND_PAGE", "SUBSCRIBER", "VIDEO_REMIXES", "YT_CHANNEL",
    "YT_OTHER_PAGE", "YT_SEARCH",
)  # fmt: skip

PLAYBACK_LOCATIONS = _table("""
BROWSE Home and browse pages|CHANNEL Channel pages|EMBEDDED Embedded on other sites
EXTERNAL_APP Other apps|MOBILE Mobile site|SEARCH Search results|WATCH Watch page
YT_OTHER Other YouTube pages
""")

DEVICE_TYPES = _table("""
DESKTOP Computer|GAME_CONSOLE Game console|MOBILE Mobile phone|TABLET Tablet|TV TV
UNKNOWN_PLATFORM Unknown
""")

OPERATING_SYSTEMS = _table("""
ANDROID Android|BADA Bada|BLACKBERRY BlackBerry|CHROMECAST Chromecast|DOCOMO Docomo
FIREFOX Firefox OS|HIPTOP Hiptop|IOS iOS|KAIOS KaiOS|LINUX Linux|MACINTOSH macOS
MEEGO MeeGo|NINTENDO_3DS Nintendo 3DS|OTHER Other|PLAYSTATION PlayStation
PLAYSTATION_VITA PlayStation Vita|REALMEDIA RealMedia|SMART_TV Smart TV|SYMBIAN Symbian
TIZEN Tizen|WEBOS webOS|WII Wii|WINDOWS Windows|WINDOWS_MOBILE Windows Mobile|XBOX Xbox
""")

AGE_GROUPS = _table("""
age13-17 13–17|age18-24 18–24|age25-34 25–34|age35-44 35–44|age45-54 45–54
age55-64 55–64|age65- 65 and over
""")

GENDERS = _table("female Female|male Male|user_specified Other (user specified)")
SUBSCRIBED_STATUSES = _table("SUBSCRIBED Subscribed|UNSUBSCRIBED Not subscribed")
YOUTUBE_PRODUCTS = _table("CORE YouTube|GAMING YouTube Gaming|KIDS YouTube Kids|UNKNOWN Unknown")
LIVE_OR_ON_DEMAND = _table("LIVE Live|ON_DEMAND On demand")
AUDIENCE_TYPES = _table(
    "ORGANIC Organic|AD_INSTREAM Skippable in-stream ads|AD_INDISPLAY In-feed ads"
)

# membershipsCancellationSurveyReason: the answers of the survey a leaving member is shown.
MEMBERSHIP_CANCELLATION_REASONS = _table("""
CANNOT_ACCESS_PERKS Could not use the perks|DISLIKE_PERKS Did not like the perks
FEEL_UNAPPRECIATED Felt unappreciated as a member|FINANCIAL_REASONS Financial reasons
JOIN_LIMITED_TIME Only meant to join for a while|NO_LONGER_INTERESTED No longer interested
PERKS_NOT_DELIVERED Promised perks not delivered|OTHER Other reason
UNKNOWN Survey not answered
""")

CREATOR_CONTENT_TYPES = _table("""
LIVE_STREAM Live stream|SHORTS Shorts|STORY Story|VIDEO_ON_DEMAND Video on demand
UNSPECIFIED Unspecified
""")

AD_TYPES = _table("""
auctionBumperInstream Bumper (auction)|auctionDisplay Display (auction)
auctionInstream Non-skippable in-stream (auction)|auctionTrueviewInslate TrueView in-slate
auctionTrueviewInstream Skippable in-stream (auction)|auctionUnknown Unknown (auction)
reservedBumperInstream Bumper (reserved)|reservedClickToPlay Click-to-play (reserved)
reservedDisplay Display (reserved)|reservedInstream Non-skippable in-stream (reserved)
reservedInstreamSelect In-stream select (reserved)|reservedMasthead Masthead (reserved)
reservedUnknown Unknown (reserved)|unknown Unknown
""")

SHARING_SERVICES = _table("""
AMEBA Ameba|ANDROID_EMAIL Android email|ANDROID_MESSENGER Android Messenger
ANDROID_MMS Android MMS|BBM BlackBerry Messenger|BLOGGER Blogger|COPY_PASTE Copied link
CYWORLD Cyworld|DIGG Digg|DROPBOX Dropbox|EMBED Embed code|MAIL Email|FACEBOOK Facebook
FACEBOOK_MESSENGER Facebook Messenger|FACEBOOK_PAGES Facebook Pages|FOTKA Fotka|GMAIL Gmail
GOO goo|GOOGLEPLUS Google+|GO_SMS GO SMS|GROUPME GroupMe|HANGOUTS Hangouts|HI5 hi5
HTC_MMS HTC MMS|INBOX Inbox by Gmail|IOS_SYSTEM_ACTIVITY_DIALOG iOS share sheet
KAKAO_STORY KakaoStory|KAKAO KakaoTalk|KIK Kik|LGE_EMAIL LG email|LINE LINE
LINKEDIN LinkedIn|LIVEJOURNAL LiveJournal|MENEAME Menéame|MIXI mixi
MOTOROLA_MESSAGING Motorola Messaging|MYSPACE Myspace|NAVER Naver|NEARBY_SHARE Nearby Share
NUJIJ NUjij|ODNOKLASSNIKI Odnoklassniki|OTHER Other|PINTEREST Pinterest|RAKUTEN Rakuten
REDDIT Reddit|SKYPE Skype|SKYBLOG Skyblog|SONY_CONVERSATIONS Sony Conversations
STUMBLEUPON StumbleUpon|TELEGRAM Telegram|TEXT_MESSAGE Text message|TUENTI Tuenti
TUMBLR Tumblr|TWITTER X (Twitter)|UNKNOWN Unknown|VERIZON_MMS Verizon MMS|VIBER Viber
VKONTATKE VK|WECHAT WeChat|WEIBO Weibo|WHATS_APP WhatsApp|WYKOP Wykop|YAHOO Yahoo
YOUTUBE_GAMING YouTube Gaming|YOUTUBE_KIDS YouTube Kids|YOUTUBE_MUSIC YouTube Music
YOUTUBE_TV YouTube TV
""")

# "0.01" ... "1.0", spelt as Google spells them (no trailing zeros).
ELAPSED_VIDEO_TIME_RATIOS: dict[str, str] = {
    f"{n / 100}": f"{n}% of the video" for n in range(1, 101)
}
