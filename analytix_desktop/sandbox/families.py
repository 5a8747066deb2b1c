"""Breakdown families: the values of each dimension and how a channel's audience splits.

A family's weights say what share of a metric falls on each value, per day (a slow drift
keeps shares from being flat lines). Child families (a US state within the US, an
operating system on a device type, a search term within YouTube search...) are given per
parent value. Weights are drawn once per channel from the sandbox seed; the families added
later (US TV markets, cancellation reasons) draw from generators of their own, so that
they leave every older family's numbers as they were.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from ..api.catalogue import VALUE_LABELS
from .catalog import Catalog

__all__ = ["FAMILY_ORDER", "Family", "Mix", "profile_of"]

# Families in the order the engine splits them: parents before children.
FAMILY_ORDER = (
    "country", "province", "city", "dma", "subscribedStatus", "youtubeProduct", "liveOrOnDemand",
    "insightTrafficSourceType", "insightTrafficSourceDetail", "insightPlaybackLocationType",
    "insightPlaybackLocationDetail", "deviceType", "operatingSystem", "ageGroup", "gender",
    "sharingService", "adType", "audienceType", "membershipsCancellationSurveyReason",
)  # fmt: skip

# Values not listed get a small random share; listed ones are the heavy head.
_HEAD: dict[str, dict[str, float]] = {
    "country": {"US": 30, "IN": 9, "GB": 7, "CA": 5, "DE": 4.5, "BR": 4, "AU": 3.5, "PH": 3,
                "MX": 3, "FR": 2.8, "ID": 2.5, "JP": 2.4, "IT": 2, "ES": 2, "NL": 1.6, "PL": 1.4,
                "TR": 1.3, "KR": 1.2, "SE": 1, "NG": 1, "ZA": 1, "AR": 1, "PK": 1, "VN": 1},
    "province": {"US-CA": 12, "US-TX": 9, "US-FL": 7, "US-NY": 6, "US-IL": 4, "US-PA": 4,
                 "US-OH": 3.5, "US-GA": 3.2, "US-NC": 3.2, "US-MI": 3, "US-WA": 3, "US-NJ": 2.8,
                 "US-VA": 2.6, "US-AZ": 2.4, "US-MA": 2.2, "US-CO": 2},
    "subscribedStatus": {"UNSUBSCRIBED": 72, "SUBSCRIBED": 28},
    "youtubeProduct": {"CORE": 93, "KIDS": 0.5, "GAMING": 0.5, "UNKNOWN": 6},
    "insightTrafficSourceType": {"RELATED_VIDEO": 30, "YT_SEARCH": 22, "SUBSCRIBER": 18,
                                 "SHORTS": 3, "EXT_URL": 6, "NO_LINK_OTHER": 6, "YT_CHANNEL": 5,
                                 "PLAYLIST": 4, "NOTIFICATION": 3, "YT_OTHER_PAGE": 2,
                                 "END_SCREEN": 2, "HASHTAGS": 0.5, "NO_LINK_EMBEDDED": 1},
    "insightPlaybackLocationType": {"WATCH": 55, "BROWSE": 25, "CHANNEL": 5, "EMBEDDED": 4,
                                    "SEARCH": 3, "EXTERNAL_APP": 2, "MOBILE": 1, "YT_OTHER": 5},
    "deviceType": {"MOBILE": 55, "DESKTOP": 22, "TV": 16, "TABLET": 6, "GAME_CONSOLE": 0.6,
                   "UNKNOWN_PLATFORM": 0.4},
    "ageGroup": {"age13-17": 4, "age18-24": 18, "age25-34": 31, "age35-44": 22, "age45-54": 13,
                 "age55-64": 8, "age65-": 4},
    "gender": {"male": 58, "female": 41, "user_specified": 1},
    "sharingService": {"WHATS_APP": 25, "COPY_PASTE": 22, "FACEBOOK": 10, "TWITTER": 8,
                       "REDDIT": 6, "TELEGRAM": 4, "TEXT_MESSAGE": 6, "MAIL": 3,
                       "IOS_SYSTEM_ACTIVITY_DIALOG": 7, "OTHER": 4, "LINE": 2, "GMAIL": 2},
    "adType": {"auctionInstream": 22, "auctionTrueviewInstream": 30, "auctionBumperInstream": 12,
               "auctionDisplay": 18, "reservedInstream": 5, "reservedBumperInstream": 3,
               "auctionUnknown": 4, "unknown": 2},
    "audienceType": {"ORGANIC": 90, "AD_INSTREAM": 7, "AD_INDISPLAY": 3},
    "liveOrOnDemand": {"ON_DEMAND": 1, "LIVE": 0},
    # The largest US TV markets, roughly by households (100,000s).
    "dma": {"501": 77, "803": 58, "602": 35, "504": 31, "623": 31, "618": 27, "807": 26,
            "511": 26, "524": 26, "506": 25, "753": 22, "539": 21, "819": 20, "505": 19,
            "613": 18, "528": 18, "751": 18, "534": 17, "510": 15, "862": 15, "609": 13,
            "820": 13, "508": 12, "517": 12, "560": 12, "512": 11, "527": 11, "825": 11,
            "659": 11, "535": 10},
    "membershipsCancellationSurveyReason": {
        "NO_LONGER_INTERESTED": 30, "FINANCIAL_REASONS": 25, "UNKNOWN": 15,
        "JOIN_LIMITED_TIME": 10, "DISLIKE_PERKS": 6, "OTHER": 6, "CANNOT_ACCESS_PERKS": 3,
        "FEEL_UNAPPRECIATED": 3, "PERKS_NOT_DELIVERED": 2},
}  # fmt: skip
# Families drawn from generators of their own (see the module docstring).
_OWN_DRAWS = frozenset({"dma", "membershipsCancellationSurveyReason"})

_OS_BY_DEVICE: dict[str, dict[str, float]] = {
    "MOBILE": {"ANDROID": 62, "IOS": 37, "KAIOS": 0.5, "OTHER": 0.5},
    "TABLET": {"ANDROID": 40, "IOS": 58, "OTHER": 2},
    "DESKTOP": {"WINDOWS": 70, "MACINTOSH": 22, "LINUX": 6, "OTHER": 2},
    "TV": {"SMART_TV": 35, "ANDROID": 25, "TIZEN": 15, "WEBOS": 10, "CHROMECAST": 10,
           "PLAYSTATION": 3, "XBOX": 2},
    "GAME_CONSOLE": {"PLAYSTATION": 55, "XBOX": 40, "NINTENDO_3DS": 2, "WII": 3},
    "UNKNOWN_PLATFORM": {"OTHER": 100},
}  # fmt: skip
# Higher-income markets pay more per ad: the money profile leans on them.
_RICH = {"US": 3.5, "CA": 2.6, "AU": 2.8, "GB": 2.5, "DE": 2.3, "NL": 2.1, "SE": 2.2,
         "JP": 1.8, "FR": 1.9, "KR": 1.6, "IT": 1.4, "ES": 1.3}  # fmt: skip
# Watch time per view relative to the channel's average (the "watch" profile): big screens
# and lean-back sessions watch longer, a click from another site or a Shorts swipe less.
_WATCH_BY_DEVICE = {"TV": 1.9, "DESKTOP": 1.2, "MOBILE": 0.8, "TABLET": 1.0, "GAME_CONSOLE": 1.6}
_WATCH_BY_SOURCE = {"YT_SEARCH": 1.35, "RELATED_VIDEO": 1.2, "SUBSCRIBER": 1.3, "PLAYLIST": 1.4,
                    "YT_CHANNEL": 1.1, "NOTIFICATION": 1.15, "END_SCREEN": 1.1,
                    "YT_OTHER_PAGE": 0.9, "NO_LINK_OTHER": 0.85, "EXT_URL": 0.55,
                    "NO_LINK_EMBEDDED": 0.45, "ADVERTISING": 0.35, "HASHTAGS": 0.4,
                    "SHORTS": 0.15}  # fmt: skip
_WATCH_BY_STATUS = {"SUBSCRIBED": 1.35, "UNSUBSCRIBED": 0.9}
# Viewers in the channel's home country (its language) watch longer than the rest, and
# each country's habits differ by about this much (log-normal sigma).
_HOME_WATCH = 1.3
_COUNTRY_WATCH_SPREAD = 0.2
_WATCH = {"deviceType": _WATCH_BY_DEVICE, "insightTrafficSourceType": _WATCH_BY_SOURCE,
          "subscribedStatus": _WATCH_BY_STATUS}  # fmt: skip
_SITES = ("google.com", "reddit.com", "facebook.com", "duckduckgo.com", "bing.com",
          "news.ycombinator.com", "t.co", "instagram.com", "discord.com", "notion.so")  # fmt: skip
_EMBED_SITES = ("medium.com", "wordpress.com", "substack.com", "notion.so", "reddit.com",
                "github.com", "blogger.com", "wix.com")  # fmt: skip
# City, ISO country, US state (or ""), relative size.
_CITIES = (
    ("New York", "US", "US-NY", 8), ("Los Angeles", "US", "US-CA", 6),
    ("Chicago", "US", "US-IL", 4), ("Houston", "US", "US-TX", 3.5),
    ("San Francisco", "US", "US-CA", 3), ("Seattle", "US", "US-WA", 2.5),
    ("Miami", "US", "US-FL", 2.5), ("Austin", "US", "US-TX", 2), ("Boston", "US", "US-MA", 2),
    ("Denver", "US", "US-CO", 1.5), ("London", "GB", "", 9), ("Manchester", "GB", "", 2.5),
    ("Toronto", "CA", "", 6), ("Vancouver", "CA", "", 3), ("Montreal", "CA", "", 3),
    ("Mumbai", "IN", "", 6), ("Delhi", "IN", "", 6), ("Bengaluru", "IN", "", 4),
    ("Berlin", "DE", "", 4), ("Munich", "DE", "", 2.5), ("Sydney", "AU", "", 5),
    ("Melbourne", "AU", "", 4.5), ("Paris", "FR", "", 5), ("Tokyo", "JP", "", 7),
    ("São Paulo", "BR", "", 6), ("Mexico City", "MX", "", 6), ("Manila", "PH", "", 5),
    ("Jakarta", "ID", "", 5), ("Madrid", "ES", "", 4), ("Rome", "IT", "", 3),
    ("Amsterdam", "NL", "", 3), ("Stockholm", "SE", "", 3), ("Seoul", "KR", "", 6),
)  # fmt: skip
_PLACE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def _stable(*parts: object) -> int:
    return zlib.crc32("/".join(map(str, parts)).encode())


def place_id(city: str) -> str:
    """A Google-place-ID-like code for a city (the ``city`` dimension's values)."""
    rng = np.random.default_rng(_stable("place", city))
    return "ChIJ" + "".join(_PLACE_ALPHABET[i] for i in rng.integers(0, 64, 23))


def profile_of(metric: str) -> str:
    """Which weighting a metric follows: money, watch time or plain views."""
    if metric in {"estimatedRevenue", "estimatedAdRevenue", "grossRevenue",
                  "estimatedRedPartnerRevenue", "monetizedPlaybacks", "adImpressions"}:  # fmt: skip
        return "money"
    if "MinutesWatched" in metric:
        return "watch"
    return "views"


@dataclass(frozen=True)
class Family:
    """One breakdown dimension: its values and, for a child, its parent's per-value shares.

    ``base`` has shape (n,) for a top-level family, (n_parent, n) for a child (one row of
    shares per parent value). ``implicit`` is the parent value a child implies when the
    parent is not in the query (a US state implies country US). ``hidden`` values take
    their share but never show as rows (views from cities Google cannot place).
    """

    name: str
    values: tuple[str, ...]
    base: np.ndarray
    parent: str | None = None
    implicit: str | None = None
    hidden: int = 0  # how many trailing values are hidden
    drift: float = 0.15
    profiles: dict[str, np.ndarray] | None = None


class Mix:
    """The families of one channel, with their weights."""

    def __init__(self, seed: int, catalog: Catalog) -> None:
        self.seed = seed
        self.catalog = catalog
        self.rng = np.random.default_rng(_stable("mix", seed, catalog.channel.id))
        self.families: dict[str, Family] = {}
        for name in FAMILY_ORDER:
            self.families[name] = self._build(name)

    def __getitem__(self, name: str) -> Family:
        return self.families[name]

    # -- weights ---------------------------------------------------------------------------

    def weights(self, family: Family, day_numbers: np.ndarray, profile: str) -> np.ndarray:
        """Shares per day: (days, n) for a top-level family, (days, n_parent, n) for a child."""
        base = family.base
        if family.profiles and profile in family.profiles:
            base = base * family.profiles[profile]
        rng = np.random.default_rng(_stable("drift", self.seed, family.name))
        n = len(family.values)
        period = rng.uniform(90, 700, n)
        phase = rng.uniform(0, 2 * np.pi, n)
        wave = 1.0 + family.drift * np.sin(2 * np.pi * day_numbers[:, None] / period + phase)
        if base.ndim == 1:
            return np.asarray(base[None, :] * wave)
        return np.asarray(base[None, :, :] * wave[:, None, :])

    # -- construction ----------------------------------------------------------------------

    def _head(
        self,
        name: str,
        values: tuple[str, ...],
        tail: float,
        rng: np.random.Generator | None = None,
    ) -> np.ndarray:
        rng = self.rng if rng is None else rng
        head = _HEAD.get(name, {})
        noise = rng.lognormal(0.0, 0.25, len(values))
        small = rng.pareto(1.5, len(values)) * tail
        return np.array([head.get(v, 0.0) for v in values]) * noise + small

    def _values(self, name: str) -> tuple[str, ...]:
        return tuple(VALUE_LABELS[name])

    def _build(self, name: str) -> Family:
        channel = self.catalog.channel
        if name in _OWN_DRAWS:
            return self._own(name, np.random.default_rng(_stable(name, self.seed, channel.id)))
        if name == "country":
            values = self._values(name)
            base = self._head(name, values, 0.02)
            base[values.index(channel.country)] += 12.0  # a channel's home audience
            rich = np.array([_RICH.get(v, 0.6) for v in values])
            watch_rng = np.random.default_rng(_stable("country-watch", self.seed, channel.id))
            watch = watch_rng.lognormal(0.0, _COUNTRY_WATCH_SPREAD, len(values))
            watch[values.index(channel.country)] *= _HOME_WATCH
            return Family(name, values, base, profiles={"money": rich, "watch": watch})
        if name == "province":
            values = self._values(name)
            us = self._head(name, values, 0.15)[None, :]
            countries = len(self._values("country"))
            base = np.repeat(us, countries, axis=0)
            return Family(name, values, base, parent="country", implicit="US", drift=0.05)
        if name == "city":
            return self._cities()
        if name == "operatingSystem":
            return self._child(name, "deviceType", _OS_BY_DEVICE)
        if name == "gender":
            genders = self._values(name)
            ages = len(self._values("ageGroup"))
            base = np.array([_HEAD["gender"][g] for g in genders], dtype=float)
            tilt = self.rng.uniform(0.85, 1.15, (ages, len(genders)))
            return Family(name, genders, base[None, :] * tilt, parent="ageGroup", drift=0.03)
        if name == "insightTrafficSourceDetail":
            return self._details(name, "insightTrafficSourceType", self._traffic_details())
        if name == "insightPlaybackLocationDetail":
            details: dict[str, tuple[str, ...]] = {"EMBEDDED": _EMBED_SITES}
            return self._details(name, "insightPlaybackLocationType", details)
        values = self._values(name)
        base = self._head(name, values, 0.01 if name in _HEAD else 1.0)
        if name == "liveOrOnDemand":
            base = np.array([1.0 if v == "ON_DEMAND" else 0.0 for v in values])
        profiles = None
        watch_per_value = _WATCH.get(name)
        if watch_per_value is not None:
            profiles = {"watch": np.array([watch_per_value.get(v, 1.0) for v in values])}
        return Family(name, values, base, drift=0.2, profiles=profiles)

    def _own(self, name: str, rng: np.random.Generator) -> Family:
        values = self._values(name)
        shares = self._head(name, values, 0.05, rng)
        if name == "membershipsCancellationSurveyReason":
            return Family(name, values, shares, drift=0.1)
        # A US TV market only ever holds US viewers: other countries' rows stay empty.
        countries = self._values("country")
        base = np.zeros((len(countries), len(values)))
        base[countries.index("US")] = shares
        return Family(name, values, base, parent="country", implicit="US", drift=0.05)

    def _child(self, name: str, parent: str, table: dict[str, dict[str, float]]) -> Family:
        values = self._values(name)
        parents = self._values(parent)
        base = np.zeros((len(parents), len(values)))
        for p, parent_value in enumerate(parents):
            for v, share in table.get(parent_value, {"OTHER": 1.0}).items():
                base[p, values.index(v)] = share * self.rng.lognormal(0.0, 0.1)
        return Family(name, values, base, parent=parent, drift=0.05)

    def _cities(self) -> Family:
        countries = self._values("country")
        provinces = self._values("province")
        values = (*(place_id(city) for city, *_ in _CITIES), "")
        base = np.zeros((len(countries), len(values)))
        base[:, -1] = 1.0  # views from places Google cannot name: hidden
        for i, (_, country, _, size) in enumerate(_CITIES):
            base[countries.index(country), i] = size / 40 * self.rng.lognormal(0.0, 0.2)
        by_state = np.zeros((len(provinces), len(values)))
        by_state[:, -1] = 1.0
        for i, (_, _, state, size) in enumerate(_CITIES):
            if state:
                by_state[provinces.index(state), i] = size / 8
        family = Family("city", values, base, parent="country", hidden=1, drift=0.05)
        self.city_by_state = Family("city", values, by_state, parent="province", hidden=1)
        return family

    def _traffic_details(self) -> dict[str, tuple[str, ...]]:
        catalog = self.catalog
        words = sorted({v.tags[0] for v in catalog.videos}) or ["video"]
        searches = (
            *(term for word in words
              for term in (word, f"how to {word}", f"{word} tutorial", f"best {word}")),
            catalog.channel.title.lower(),
        )  # fmt: skip
        top_videos = tuple(v.id for v in catalog.videos[-25:])
        return {
            "YT_SEARCH": searches,
            "RELATED_VIDEO": top_videos,
            "END_SCREEN": top_videos[-10:],
            "CAMPAIGN_CARD": top_videos[-5:],
            "EXT_URL": _SITES,
            "SUBSCRIBER": ("/feed/subscriptions", "what-to-watch", "/", "/feed/library"),
            "YT_CHANNEL": (catalog.channel.id,),
            "YT_OTHER_PAGE": ("/feed/history", "/feed/trending", "/results"),
            "NOTIFICATION": ("uploaded", "uploaded-other", "live"),
            "ADVERTISING": ("GOOGLE_SEARCH", "DISPLAY", "TRUEVIEW_INSTREAM"),
            "HASHTAGS": tuple(f"#{w.replace(' ', '')}" for w in words),
        }

    def _details(self, name: str, parent: str, table: dict[str, tuple[str, ...]]) -> Family:
        parents = self._values(parent)
        values: list[str] = []
        for items in table.values():
            values.extend(v for v in items if v not in values)
        values.extend(p for p in parents if p not in values)  # types without details
        base = np.zeros((len(parents), len(values)))
        for p, parent_value in enumerate(parents):
            items = table.get(parent_value, (parent_value,))
            shares = self.rng.pareto(1.2, len(items)) + 0.05
            for item, share in zip(items, shares, strict=True):
                base[p, values.index(item)] = share
        return Family(name, tuple(values), base, parent=parent, drift=0.1)
