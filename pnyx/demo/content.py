"""Text of the Pnyx demo community, loaded by ``pnyx demo``.

Everything here is original writing for the demo: the members, reporters,
officials and news agency are invented, and the events are fictional or generic.
Bodies are Markdown. Times are relative to the moment the demo is built.
"""

from __future__ import annotations

from typing import Any

MEMBERS: list[dict[str, Any]] = [
    {
        "username": "ingrid.h",
        "display_name": "Ingrid Halvorsen",
        "email": "ingrid@example.org",
        "country": "NO",
        "location": "BE",
        "joined_days_ago": 2950,
        "staff": True,
    },
    {
        "username": "kwatanabe",
        "display_name": "Kenji Watanabe",
        "email": "kenji.watanabe@example.org",
        "country": "JP",
        "location": "JP",
        "joined_days_ago": 2410,
        "staff": False,
    },
    {
        "username": "mkowalczyk",
        "display_name": "Marta Kowalczyk",
        "email": "marta.k@example.org",
        "country": "PL",
        "location": "PL",
        "joined_days_ago": 1980,
        "staff": False,
    },
    {
        "username": "okravets",
        "display_name": "Oleksandr Kravets",
        "email": "oleksandr@example.org",
        "country": "UA",
        "location": "DE",
        "joined_days_ago": 1530,
        "staff": False,
    },
    {
        "username": "priya.nair",
        "display_name": "Priya Nair",
        "email": "priya.nair@example.org",
        "country": "IN",
        "location": "GB",
        "joined_days_ago": 1320,
        "staff": False,
    },
    {
        "username": "tadeyemi",
        "display_name": "Babatunde Adeyemi",
        "email": "tunde@example.org",
        "country": "NG",
        "location": "NG",
        "joined_days_ago": 1105,
        "staff": False,
    },
    {
        "username": "lmoreira",
        "display_name": "Lucas Moreira",
        "email": "lucas.moreira@example.org",
        "country": "BR",
        "location": "PT",
        "joined_days_ago": 870,
        "staff": False,
    },
    {
        "username": "elif_y",
        "display_name": "Elif Şahin",
        "email": "elif@example.org",
        "country": "TR",
        "location": "TR",
        "joined_days_ago": 640,
        "staff": False,
    },
    {
        "username": "cdubois",
        "display_name": "Claire Dubois",
        "email": "claire.dubois@example.org",
        "country": "FR",
        "location": "CA",
        "joined_days_ago": 455,
        "staff": False,
    },
    {
        "username": "fhartmann",
        "display_name": "Felix Hartmann",
        "email": "felix@example.org",
        "country": "DE",
        "location": "",
        "joined_days_ago": 310,
        "staff": False,
    },
    {
        "username": "swright",
        "display_name": "Sam Wright",
        "email": "sam.wright@example.org",
        "country": "AU",
        "location": "",
        "joined_days_ago": 190,
        "staff": False,
    },
    {
        "username": "gwanjiru",
        "display_name": "Grace Wanjiru",
        "email": "grace@example.org",
        "country": "KE",
        "location": "KE",
        "joined_days_ago": 75,
        "staff": False,
    },
]

CATEGORIES: list[dict[str, Any]] = [
    {
        "name": "World Affairs",
        "slug": "world-affairs",
        "description": (
            "Breaking news, diplomacy and the global economy: the big picture, argued with sources."
        ),
        "forums": [
            {
                "name": "News & Current Events",
                "slug": "news-current-events",
                "description": (
                    "Today's stories from around the world. Post sourced updates, keep speculation "
                    "labelled, and one thread per story."
                ),
                "visibility": "public",
            },
            {
                "name": "Diplomacy & International Organisations",
                "slug": "diplomacy",
                "description": (
                    "Summits, treaties, the UN and regional bodies, mediation and the craft of "
                    "diplomacy itself."
                ),
                "visibility": "public",
            },
            {
                "name": "Economy & Trade",
                "slug": "economy-trade",
                "description": "Trade flows, tariffs, debt, currencies and the politics of money.",
                "visibility": "public",
                "subforums": [
                    {
                        "name": "Energy & Commodities",
                        "slug": "energy-commodities",
                        "description": (
                            "Oil, gas, LNG, minerals and agricultural commodities: markets, routes "
                            "and the politics of supply."
                        ),
                        "visibility": "public",
                    },
                    {
                        "name": "Sanctions & Export Controls",
                        "slug": "sanctions-export-controls",
                        "description": (
                            "How sanctions and export controls are designed, enforced and evaded, "
                            "and whether they work."
                        ),
                        "visibility": "public",
                    },
                ],
            },
            {
                "name": "Members' Lounge",
                "slug": "members-lounge",
                "description": (
                    "Introductions, meetups, off-topic chat and feedback about the board. Visible "
                    "to signed-in members only."
                ),
                "visibility": "members",
            },
        ],
    },
    {
        "name": "Defence",
        "slug": "defence",
        "description": (
            "Armed forces, the defence industry and armed conflict, discussed soberly and without "
            "cheerleading."
        ),
        "forums": [
            {
                "name": "Armed Forces & Doctrine",
                "slug": "armed-forces-doctrine",
                "description": (
                    "Force structure, doctrine, training, personnel and military history."
                ),
                "visibility": "public",
            },
            {
                "name": "Defence Industry & Procurement",
                "slug": "defence-industry",
                "description": (
                    "Programmes, budgets, production capacity, exports and the business of defence."
                ),
                "visibility": "public",
            },
            {
                "name": "Conflicts & Security",
                "slug": "conflicts-security",
                "description": (
                    "Ongoing conflicts, insurgencies, maritime security and crisis zones. Sourced "
                    "information only; nothing operationally sensitive."
                ),
                "visibility": "public",
            },
        ],
    },
    {
        "name": "Regional",
        "slug": "regional",
        "description": "Politics, society and security region by region.",
        "forums": [
            {
                "name": "Europe",
                "slug": "europe",
                "description": (
                    "The EU, its neighbours and national politics from the Atlantic to the Black "
                    "Sea."
                ),
                "visibility": "public",
            },
            {
                "name": "Asia-Pacific",
                "slug": "asia-pacific",
                "description": "East, South and Southeast Asia, Oceania and the Pacific Islands.",
                "visibility": "public",
            },
            {
                "name": "Middle East & Africa",
                "slug": "middle-east-africa",
                "description": (
                    "The Middle East, North Africa and sub-Saharan Africa: politics, economies and "
                    "security."
                ),
                "visibility": "public",
            },
            {
                "name": "Americas",
                "slug": "americas",
                "description": "North, Central and South America and the Caribbean.",
                "visibility": "public",
            },
        ],
    },
]

THREADS: list[dict[str, Any]] = [
    {
        "forum": "news-current-events",
        "title": "Forum rules and posting guidelines - please read before posting",
        "days_ago": 398.0,
        "pinned": True,
        "locked": True,
        "posts": [
            {
                "author": "ingrid.h",
                "hours_after": 0.0,
                "body": (
                    "Welcome to Pnyx. This board works because people argue in good faith and show "
                    "their working. A few ground rules:\n\n"
                    "1. **Source your claims.** Link to primary documents, official statements or "
                    "reputable reporting where you can. If you are relying on memory, say so.\n"
                    "2. **Argue with the post, not the person.** Nationality, name or politics are "
                    "not rebuttals.\n"
                    '3. **Label speculation.** "I think" and "my guess is" are perfectly good '
                    "phrases.\n"
                    "4. **No graphic content.** Describe it if it matters; do not embed it.\n"
                    "5. **Stay on topic.** Start a new thread rather than hijacking one, and check "
                    "the regional forums before posting a duplicate.\n"
                    "6. **Respect copyright.** Wire copy may be pasted in full where the agency's "
                    "terms allow it; for everything else, summarise and link. Short quotes are "
                    "always fine.\n\n"
                    "Moderators will edit titles, merge duplicates and move threads without "
                    "comment. Warnings come before suspensions, except for spam and harassment.\n\n"
                    "This thread is locked. Questions about the rules go to the [Members' "
                    "Lounge](https://example.org/forums/members-lounge) or to a private message to "
                    "staff."
                ),
            },
        ],
    },
    {
        "forum": "news-current-events",
        "title": "Subsea telecom cable between Finland and Estonia damaged - what we know so far",
        "days_ago": 1.4,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "mkowalczyk",
                "hours_after": 0.0,
                "body": (
                    "Posting a summary because the early reports are all over the place.\n\n"
                    "**What is confirmed:**\n"
                    "- The operator reported a fault on a data cable in the Gulf of Finland in the "
                    "early hours of yesterday morning.\n"
                    "- Traffic has been rerouted over other links; consumers should notice little "
                    "or nothing.\n"
                    '- The Finnish coast guard says it is "examining vessel movements" in the '
                    "area.\n\n"
                    "**What is reported but not confirmed:**\n"
                    "- A merchant vessel is reported to have slowed to under three knots directly "
                    "over the cable route. Ship-tracking enthusiasts posted screenshots, but AIS "
                    "data can be spoofed or simply patchy.\n"
                    "- One outlet claims an anchor drag mark has been found. The authorities have "
                    "not said this.\n\n"
                    "**What is unknown:** who owns and operates the vessel, whether any of this "
                    "was deliberate, and how long repairs will take.\n\n"
                    "This is the third incident of this kind in the Baltic in a short period, so "
                    "expect a lot of confident commentary. I suggest we keep this thread to "
                    "sourced updates."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 2.5,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "A merchant vessel is reported to have slowed to under three knots "
                        "directly over the cable route."
                    ),
                },
                "body": (
                    "Worth keeping in mind that slow speed over a cable route is not, by itself, "
                    "evidence of anything. Ships slow down for weather, for pilotage, for engine "
                    "trouble, and the Gulf of Finland in winter is not a relaxing place to "
                    "navigate. Anchors are dragged accidentally every year somewhere in the world; "
                    "most cable faults globally are caused by fishing and anchoring, not "
                    "sabotage.\n\n"
                    "I am not saying this one is innocent. I am saying the investigators should be "
                    "allowed to look at the anchor before we decide."
                ),
            },
            {
                "author": "swright",
                "hours_after": 4.0,
                "body": (
                    "Fair point on base rates, but the base rate for accidental damage is measured "
                    "across the whole world's shipping. In a narrow, busy sea with several recent "
                    "incidents clustered in time, the prior shifts a bit.\n\n"
                    "On repairs: the bigger practical issue is the availability of cable repair "
                    "ships. There are only a handful serving the northern European market, and "
                    "they are booked on maintenance contracts. A repair in winter conditions can "
                    "take weeks, depending on depth and ice."
                ),
            },
            {
                "author": "ingrid.h",
                "hours_after": 7.0,
                "body": (
                    "Moderator hat briefly on: thanks for keeping this factual so far. Let us keep "
                    "it that way.\n\n"
                    "Moderator hat off: the legal side is often misunderstood. Inside another "
                    "state's exclusive economic zone, the coastal state has limited powers over a "
                    "foreign-flagged ship that is merely transiting. Boarding usually needs the "
                    "flag state's consent, or the ship has to stop in territorial waters or a "
                    "port. That is why these cases tend to turn on where the vessel goes next, not "
                    "on what the navy would like to do."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 20.5,
                "quote": {
                    "post": 3,
                    "excerpt": (
                        "That is why these cases tend to turn on where the vessel goes next, not "
                        "on what the navy would like to do."
                    ),
                },
                "body": (
                    "Update: the authorities say the vessel has been asked to anchor in Finnish "
                    'territorial waters and that it has complied. Police confirm they are "in '
                    'contact with the crew" and with the flag state. No arrest, no attribution.\n'
                    "\n"
                    "So this is exactly what is happening: they waited until the ship was "
                    "somewhere they had clear jurisdiction. I will keep the first post updated as "
                    "more comes in."
                ),
            },
        ],
    },
    {
        "forum": "news-current-events",
        "title": "G20 finance communique quietly softens language on sovereign debt relief",
        "days_ago": 2.6,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "priya.nair",
                "hours_after": 0.0,
                "body": (
                    "The communique from this week's finance ministers' meeting is out, and the "
                    "interesting part is what is missing. Last year's text committed to \"timely "
                    'and orderly" debt treatment under the Common Framework and named specific '
                    "timelines. This year's version refers only to \"continued efforts to improve "
                    'predictability".\n\n'
                    "A few observations:\n\n"
                    "- The section on debt is about a third shorter than before.\n"
                    "- There is no mention of comparability of treatment for private creditors, "
                    "which was a hard-won line previously.\n"
                    "- The language on multilateral development bank capital is stronger, which "
                    "may be the trade-off.\n\n"
                    "My reading is that the finance ministers could not agree on anything new, so "
                    "they agreed to say less. That is not necessarily a disaster, but for "
                    "countries waiting in the restructuring queue it is not encouraging. Happy to "
                    "be told I am over-reading a drafting exercise."
                ),
            },
            {
                "author": "gwanjiru",
                "hours_after": 5.5,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "My reading is that the finance ministers could not agree on anything new, "
                        "so they agreed to say less."
                    ),
                },
                "body": (
                    "From Nairobi it reads the same way. The problem with the Common Framework was "
                    "never the wording of communiques; it was that each case took years while "
                    "interest costs kept rising. Governments in the region have been paying off "
                    "eurobonds by borrowing more expensively elsewhere, and cutting development "
                    "spending to do it.\n\n"
                    "Weaker language suggests nobody expects the process to speed up. What would "
                    "actually help is a standstill clause that kicks in automatically once a "
                    "country applies."
                ),
            },
            {
                "author": "lmoreira",
                "hours_after": 9.0,
                "body": (
                    "I would push back slightly. Communique language has been getting vaguer on "
                    "almost every topic, not just debt, because the membership is more divided "
                    "than it was ten years ago.\n\n"
                    "Stronger MDB language is not a minor trade-off. If the development banks can "
                    "lend more on concessional terms, that does more for a country like Zambia or "
                    "Ghana than a sentence about comparability of treatment that private creditors "
                    "ignored anyway."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 14.0,
                "quote": {"post": 2, "excerpt": "Stronger MDB language is not a minor trade-off."},
                "body": (
                    "That is fair, and I probably undersold it. The catch is that MDB capital "
                    "measures take years to translate into lending, and the shareholders still "
                    "have to agree on the detail. Grace's point about an automatic standstill is "
                    "the kind of thing that would help immediately. I suspect we agree on the "
                    "diagnosis and differ on which slow fix is least slow."
                ),
            },
        ],
    },
    {
        "forum": "news-current-events",
        "title": "Weekly roundup: what are you following this week?",
        "days_ago": 5.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "ingrid.h",
                "hours_after": 0.0,
                "body": (
                    "New week, new roundup. Post the two or three stories you are watching that "
                    "are not getting enough attention, with a line on why. Links welcome, but "
                    "please keep each reply short; if something needs a long discussion, start a "
                    "thread for it.\n\n"
                    "Mine:\n"
                    "- **EU defence financing vote** in the Council later this week. The wording "
                    "on joint borrowing will tell us more than the headline number.\n"
                    "- **Fisheries talks between Norway and the EU** over mackerel quotas. Boring "
                    "until it suddenly isn't.\n"
                    "- **Coalition talks in a couple of Central European capitals**, which could "
                    "shift the balance on sanctions renewals."
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 3.0,
                "body": (
                    "- **ECOWAS finance ministers' meeting** on the common currency timetable. "
                    "Nobody expects a launch, but the language about the Sahel states that left "
                    "the bloc will matter.\n"
                    "- **Fuel prices in Nigeria** after the latest adjustment at the pump. "
                    "Transport unions are threatening action, and that is usually a good early "
                    "indicator of broader unrest."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 6.5,
                "body": (
                    "- **Japan's coast guard budget request.** The increase is larger than the "
                    "defence headlines suggest, and it says a lot about where Tokyo expects "
                    "friction: grey-zone incidents rather than open conflict.\n"
                    "- **Container freight rates on Asia-Europe routes**, which have started "
                    "moving again. Shipping often tells you about demand before the statistics do."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 11.0,
                "body": (
                    "- **The Turkish central bank's rate decision.** After a long tightening cycle "
                    "the question is whether they start cutting before inflation expectations are "
                    "properly anchored. Markets think yes; I am less sure.\n"
                    "- **Water-sharing talks on the Euphrates.** Drought years make every upstream "
                    "dam a diplomatic issue, and this has been a very dry year."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 20.0,
                "body": (
                    "- **Winter repairs to Ukraine's energy infrastructure.** The repair crews get "
                    "little coverage, but their work decides how hard the next few months will be "
                    "for civilians.\n"
                    "- **EU accession screening reports.** Technical, slow and quietly important. "
                    "The chapters on the judiciary and public procurement are the ones to watch."
                ),
            },
            {
                "author": "gwanjiru",
                "hours_after": 30.0,
                "body": (
                    "- **Kenya's eurobond buyback plan.** The terms will show how much the market "
                    "trusts the fiscal consolidation story.\n"
                    "- **Locust warnings in the Horn of Africa.** The regional forecasting centre "
                    "raised its alert level last week, and food prices in the region are already "
                    "under pressure after a poor short rains season."
                ),
            },
        ],
    },
    {
        "forum": "news-current-events",
        "title": (
            "WHO member states adopt revised pandemic preparedness annex after overnight session"
        ),
        "days_ago": 11.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "cdubois",
                "hours_after": 0.0,
                "body": (
                    "After an overnight session, the assembly adopted the revised annex on "
                    "pathogen sample sharing that had been stuck for over a year. I have read the "
                    "text, and it is more modest than the press releases suggest.\n\n"
                    "The key points:\n\n"
                    "- Countries that share samples and genetic sequence data get a guaranteed "
                    "share of vaccines and treatments produced with them, set as a percentage of "
                    "real-time production.\n"
                    "- The percentage is lower than what many developing countries asked for, and "
                    'part of it is "donation", part "affordable price".\n'
                    "- Enforcement is essentially reputational. There is no dispute mechanism with "
                    "teeth.\n"
                    "- Manufacturers sign up through standard contracts, which means participation "
                    "is, in practice, voluntary for companies.\n\n"
                    "Legally, it is a compromise that lets everyone claim a win. Whether it works "
                    "depends on the first real outbreak, and on whether the contracts are signed "
                    "before it arrives rather than during it."
                ),
            },
            {
                "author": "gwanjiru",
                "hours_after": 4.0,
                "quote": {"post": 0, "excerpt": "Enforcement is essentially reputational."},
                "body": (
                    "That sentence is the whole story for a lot of us. During the last pandemic "
                    "the reputational cost of hoarding turned out to be close to zero for wealthy "
                    "countries.\n\n"
                    "I would still take this over nothing, because at least there is now a "
                    "benchmark to point at. But African manufacturing capacity is the real answer, "
                    "and that is moving slowly despite all the announcements."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 9.5,
                "body": (
                    "The contract approach is more interesting than it looks. If manufacturers "
                    "sign standard contracts in advance, the obligation becomes a commercial one, "
                    "and commercial obligations are enforceable in national courts. That is weaker "
                    "than a treaty mechanism on paper but possibly stronger in practice. The "
                    "question is how many sign, and whether the big ones do."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 15.0,
                "quote": {
                    "post": 2,
                    "excerpt": (
                        "If manufacturers sign standard contracts in advance, the obligation "
                        "becomes a commercial one, and commercial obligations are enforceable in "
                        "national courts."
                    ),
                },
                "body": (
                    "Yes, that is the clever part, and I should have given it more credit. The "
                    "weakness is jurisdiction: the contracts can choose their governing law, and I "
                    "would expect the companies to choose courts that are friendly to them. Still, "
                    "a breach of contract claim is far more concrete than a complaint about "
                    "solidarity. I will be watching the first list of signatories closely."
                ),
            },
        ],
    },
    {
        "forum": "news-current-events",
        "title": "Port strike at Antwerp-Bruges enters second week as talks stall",
        "days_ago": 0.9,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "fhartmann",
                "hours_after": 0.0,
                "body": (
                    "The dockworkers' strike at Antwerp-Bruges is now into its second week, and "
                    "the union says talks with the employers' federation broke down last night. "
                    "The dispute is nominally about pension arrangements, but automation of the "
                    "container terminals is the real issue underneath.\n\n"
                    "Knock-on effects so far:\n"
                    "- Container lines are diverting some calls to Rotterdam and Hamburg, both of "
                    "which were already congested.\n"
                    "- Chemical producers in the Antwerp cluster warn of supply problems for "
                    "feedstock that cannot easily be rerouted.\n"
                    "- Rail and barge operators report idle capacity.\n\n"
                    "Belgium's labour minister has offered mediation. I would not expect a quick "
                    "end: both sides think time is on their side."
                ),
            },
            {
                "author": "ingrid.h",
                "hours_after": 3.0,
                "body": (
                    "The chemical cluster point is underrated. Antwerp is one of the largest "
                    "integrated chemical sites in the world, and a lot of its inputs arrive as "
                    "bulk liquids through the port itself. You cannot just send that through "
                    "Hamburg instead.\n\n"
                    "If the strike touches the liquid bulk terminals, the economic damage rises "
                    "sharply. Do we know whether they are included?"
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 5.5,
                "quote": {"post": 1, "excerpt": "Do we know whether they are included?"},
                "body": (
                    'Partly. The union statement says "all container and general cargo '
                    'operations", which suggests the liquid bulk terminals are excluded for now. '
                    "Some of those are run under separate agreements.\n\n"
                    'But the pilots\' association has said it will "consider solidarity action", '
                    "and without pilots nothing moves, liquid or otherwise."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 12.0,
                "body": (
                    "On the automation question, this is going to come up in every major European "
                    "port in the next decade. Rotterdam has been more automated for longer, and "
                    "the social deal there included retraining guarantees and early retirement. If "
                    "the Belgian employers offered something similar, the pensions fight might be "
                    "easier to settle. Strikes like this one are usually about who bears the cost "
                    "of a transition everyone knows is coming."
                ),
            },
        ],
    },
    {
        "forum": "diplomacy",
        "title": "Sourcing guide: treaty databases, UN documents and official transcripts",
        "days_ago": 360.0,
        "pinned": True,
        "locked": False,
        "posts": [
            {
                "author": "cdubois",
                "hours_after": 0.0,
                "body": (
                    "A starting list of primary sources for the diplomacy forum. Please add to it "
                    "in replies and I will fold the useful ones into this post.\n\n"
                    "**Treaties and agreements**\n"
                    "- The UN treaty collection for multilateral treaties, signatures, "
                    "ratifications and reservations.\n"
                    "- National treaty series published by foreign ministries; many are searchable "
                    "online.\n\n"
                    "**UN documents**\n"
                    "- The official document system for Security Council resolutions, presidential "
                    "statements and meeting records. Meeting records are verbatim and far more "
                    "useful than press summaries.\n"
                    "- General Assembly voting records, which show how each state voted on each "
                    "resolution. I keep a [short guide to reading "
                    "them](https://example.org/guides/un-voting-records).\n\n"
                    "**Official transcripts**\n"
                    "- Foreign ministry briefings are often transcribed in full on the ministry "
                    "website, sometimes only in the national language.\n\n"
                    'A general tip: when a news story says a country "rejected" or "backed" '
                    "something, find the actual vote or statement. The nuance usually sits in the "
                    "explanation of vote."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 30.0,
                "body": (
                    "Good list. Two additions:\n"
                    "- Parliamentary records in many countries publish the ratification debate for "
                    "each treaty, which often reveals what the government thinks it actually "
                    "signed up to.\n"
                    "- Regional organisations (the OSCE, the African Union, ASEAN) each have their "
                    "own document archives, and they are badly underused.\n\n"
                    "Also, for anyone following Turkish foreign policy: the presidency publishes "
                    "readouts of leader calls, usually within hours. Compare them with the other "
                    "side's readout of the same call. The differences are often the news."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 55.0,
                "quote": {
                    "post": 1,
                    "excerpt": "Compare them with the other side's readout of the same call.",
                },
                "body": (
                    "This is the single most useful habit in this field. Two readouts of the same "
                    "call can read like two different conversations.\n\n"
                    "I keep a small spreadsheet of leader calls with both readouts side by side. "
                    "Once you have a few dozen, you start to see which governments consistently "
                    "inflate agreement and which consistently omit disagreement. Happy to share "
                    "the template if anyone wants it."
                ),
            },
        ],
    },
    {
        "forum": "diplomacy",
        "title": "Is Security Council veto reform going anywhere this time?",
        "days_ago": 44.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "cdubois",
                "hours_after": 0.0,
                "body": (
                    "Every few years there is a new wave of proposals to reform the Security "
                    "Council, and every few years it ends in the same place. The current round is "
                    "slightly different, for two reasons.\n\n"
                    "First, the General Assembly now automatically debates every veto within ten "
                    "working days. That does not limit the veto, but it makes using it more costly "
                    "in terms of public explanation.\n\n"
                    "Second, there is a growing coalition behind a voluntary code of conduct, "
                    "under which permanent members would refrain from vetoing action on mass "
                    "atrocities. Two permanent members have signed on. Three have not, for very "
                    "different reasons.\n\n"
                    "Expansion of permanent membership remains stuck, because each candidate has a "
                    "regional rival who would rather have nobody than the neighbour.\n\n"
                    "So my question: is incremental procedural reform the only realistic path? Or "
                    "does it just make an unreformable institution look more legitimate than it is?"
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 6.0,
                "body": (
                    "Incremental reform is the only path, but it is not worthless. The automatic "
                    "debate after a veto has already changed behaviour at the margins: permanent "
                    "members now prepare explanations, and some drafts are withdrawn rather than "
                    "forced to a vote. That is not nothing.\n\n"
                    "What I do not see is a path from there to any limitation of the veto itself. "
                    "That would require a Charter amendment ratified by all five, which is simply "
                    "not going to happen."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 11.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Expansion of permanent membership remains stuck, because each candidate "
                        "has a regional rival who would rather have nobody than the neighbour."
                    ),
                },
                "body": (
                    "This is the crux, and it is why I think the expansion debate is mostly "
                    "theatre. India, Brazil, Germany and Japan all have neighbours opposed to "
                    "their candidacy. The African position asks for two permanent seats with a "
                    "veto, and there is no agreement within the continent on who would fill them. "
                    'Everyone can support "reform" in principle because they know the specific '
                    "proposals will never pass."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 20.0,
                "body": (
                    "From the Ukrainian perspective the veto problem is not abstract: a permanent "
                    "member that is a party to a conflict can block any Council action on it.\n\n"
                    "Article 27 of the Charter says parties to a dispute should abstain under "
                    "Chapter VI, but that provision has been ignored for decades. Reviving it "
                    "would not need an amendment, only a procedural ruling. I know that is "
                    "unlikely too, but it is at least legally available."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 26.0,
                "quote": {
                    "post": 3,
                    "excerpt": (
                        "Article 27 of the Charter says parties to a dispute should abstain under "
                        "Chapter VI, but that provision has been ignored for decades."
                    ),
                },
                "body": (
                    "Correct, and it is a good example of how the Council's practice has drifted "
                    "from its text. The problem is that almost every serious matter is handled "
                    "under Chapter VII, where the abstention rule does not apply, and the Council "
                    "itself decides which chapter it is acting under. So the permanent member "
                    "concerned would have a say in whether it has to abstain. Legally available, "
                    "yes, but politically circular."
                ),
            },
            {
                "author": "swright",
                "hours_after": 50.0,
                "body": (
                    "Slightly contrarian take: the Council's paralysis has pushed real work into "
                    "other formats, such as coalitions of the willing, regional bodies and ad hoc "
                    "contact groups. Those are less legitimate but often more effective.\n\n"
                    "Maybe the more useful reform question is how to give those formats some "
                    "accountability, rather than how to fix a body designed for 1945."
                ),
            },
        ],
    },
    {
        "forum": "diplomacy",
        "title": "Turkey's mediation role: consistent strategy or opportunism?",
        "days_ago": 73.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "elif_y",
                "hours_after": 0.0,
                "body": (
                    "A question I get asked a lot by colleagues abroad: is Turkey's habit of "
                    "positioning itself as a mediator in almost every nearby conflict a coherent "
                    "strategy, or just opportunism?\n\n"
                    "My answer is that it is both, and that this is not a contradiction. The "
                    "consistent elements:\n\n"
                    "- Ankara keeps channels open to parties that Western capitals have cut off. "
                    "That is an asset it deliberately protects.\n"
                    "- It uses its geography, especially control of the Straits and its position "
                    "between Europe, Russia and the Middle East, as leverage.\n"
                    "- Domestic politics rewards the image of a country that matters.\n\n"
                    "The opportunistic part is in the choice of which files to pick up. Turkey "
                    "mediates where it has leverage and where success would be visible, and it "
                    "avoids files where it would have to pressure a partner it needs.\n\n"
                    "I would be interested in how this looks from other capitals."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 8.0,
                "body": (
                    "From Kyiv, the view is mixed. Turkey closed the Straits to warships under the "
                    "Montreux Convention, sold drones, and helped broker grain and "
                    "prisoner-exchange arrangements. It also kept trade with Russia growing and "
                    "did not join sanctions.\n\n"
                    "Most Ukrainians I know see Turkey as useful rather than friendly. That may be "
                    "exactly what Ankara intends: to be indispensable to both sides and bound to "
                    "neither."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 15.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Turkey mediates where it has leverage and where success would be visible, "
                        "and it avoids files where it would have to pressure a partner it needs."
                    ),
                },
                "body": (
                    "Is that different from any other middle power, though? Norway, Qatar and "
                    "Switzerland also choose their mediation files carefully. The difference is "
                    "that Turkey is a NATO member with a large army, so its neutrality is read "
                    "differently. When Norway mediates, nobody worries about what it is buying "
                    "with the access."
                ),
            },
            {
                "author": "ingrid.h",
                "hours_after": 22.0,
                "body": (
                    "As the resident Norwegian: Norway's mediation is not free of interests "
                    "either, but the model is different. It relies on money, patience and a "
                    "willingness to stay in the background.\n\n"
                    "Turkey's model is more visible and more tied to leaders personally. That can "
                    "produce faster results but also makes the channel vulnerable to a single bad "
                    "phone call between presidents."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 30.0,
                "quote": {
                    "post": 3,
                    "excerpt": (
                        "That can produce faster results but also makes the channel vulnerable to "
                        "a single bad phone call between presidents."
                    ),
                },
                "body": (
                    "That is the fairest criticism of the Turkish approach. Institutional depth is "
                    "thin; a great deal depends on personal relationships at the top and on a "
                    "small number of people in the intelligence service and the foreign ministry. "
                    "When those relationships sour, the mediation role can vanish overnight.\n\n"
                    "I think the ministry knows this, and there has been some effort to build a "
                    "more professional mediation unit, but it is early days."
                ),
            },
        ],
    },
    {
        "forum": "diplomacy",
        "title": "ASEAN foreign ministers again fail to agree a joint communique",
        "days_ago": 2.1,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "kwatanabe",
                "hours_after": 0.0,
                "body": (
                    "For the second time in three years, the ASEAN foreign ministers' meeting has "
                    "ended without a joint communique. The sticking point, according to several "
                    "delegations, was the paragraph on the South China Sea. One member wanted a "
                    "reference to recent incidents near disputed reefs; another refused anything "
                    "that named specific events.\n\n"
                    'The chair has issued a "chair\'s statement" instead, which carries less '
                    "weight because it does not need consensus.\n\n"
                    "This matters because ASEAN's influence rests on being able to speak as one, "
                    "however quietly. Each failure makes it easier for outside powers to deal with "
                    "members individually. It also matters for Japan, which has built much of its "
                    "regional diplomacy around supporting ASEAN centrality."
                ),
            },
            {
                "author": "swright",
                "hours_after": 9.0,
                "body": (
                    "The consensus rule is both ASEAN's strength and its trap. It lets small "
                    "states sign up without fear of being outvoted, which is why the organisation "
                    "exists at all. But it also hands a veto to whichever member is most exposed "
                    "to outside pressure.\n\n"
                    'Some observers have proposed "ASEAN minus X" formats for security issues, '
                    "as already exists for some economic matters. I am not sure the members would "
                    "accept that for anything sensitive."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 20.0,
                "quote": {
                    "post": 1,
                    "excerpt": (
                        'Some observers have proposed "ASEAN minus X" formats for security '
                        "issues, as already exists for some economic matters."
                    ),
                },
                "body": (
                    "I think minilateral groupings are already doing this in practice, just "
                    "outside ASEAN. Coast guard cooperation between some members and outside "
                    "partners is growing bilaterally and trilaterally. The risk is that ASEAN "
                    "becomes a forum for economic coordination only, while security moves "
                    "elsewhere. That would be a quiet but important shift."
                ),
            },
        ],
    },
    {
        "forum": "diplomacy",
        "title": "Recalling an ambassador: does the signal still work?",
        "days_ago": 130.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "tadeyemi",
                "hours_after": 0.0,
                "body": (
                    'Recalling an ambassador "for consultations" used to be one of the strongest '
                    "signals short of breaking relations. Lately it seems to happen every other "
                    "week somewhere, often over a social media post or a minister's speech.\n\n"
                    "Does over-use weaken it? My impression is that it does. When a recall was "
                    "rare, everybody understood it. Now governments recall envoys for domestic "
                    "audiences and send them back quietly a month later.\n\n"
                    "Also, a recalled ambassador cannot do the one thing ambassadors are for, "
                    "which is to talk to the other government during a crisis. There is a decent "
                    "argument that the recall is usually counterproductive."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 5.0,
                "body": (
                    "From a legal perspective, the recall is popular precisely because it costs "
                    "nothing under the Vienna Convention. Nothing is broken, the embassy keeps "
                    "working under a charge d'affaires, and the ambassador can return without any "
                    "formal step.\n\n"
                    "It is the cheapest available signal, and cheap signals inflate. Expulsions of "
                    "diplomats are more costly and therefore more meaningful."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 12.0,
                "body": (
                    "I agree with the inflation point, but there is a distinction between recalls "
                    "announced publicly and those done quietly. Quiet recalls are often more "
                    "serious, because they are aimed at the other government rather than at "
                    "voters. When you hear about a recall from the ministry's press office within "
                    "the hour, that is usually domestic signalling."
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 30.0,
                "quote": {
                    "post": 2,
                    "excerpt": (
                        "When you hear about a recall from the ministry's press office within the "
                        "hour, that is usually domestic signalling."
                    ),
                },
                "body": (
                    "Good rule of thumb. I would add timing: recalls just before elections are "
                    "almost always for voters.\n\n"
                    "It would be interesting to go through a few years of cases and check. I "
                    "suspect the pattern is strong, and I also suspect most of those envoys were "
                    "back at their desks within six weeks."
                ),
            },
        ],
    },
    {
        "forum": "diplomacy",
        "title": "The African Union and the push for permanent Security Council seats",
        "days_ago": 21.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "gwanjiru",
                "hours_after": 0.0,
                "body": (
                    "The African Union's position on Security Council reform has not changed in "
                    "nearly twenty years: at least two permanent seats for Africa, with all the "
                    "privileges of current members including the veto, plus additional "
                    "non-permanent seats. It is often dismissed as unrealistic, and it probably "
                    "is. But it is worth understanding why the AU holds to it.\n\n"
                    "First, a large share of the Council's agenda concerns African countries, yet "
                    "Africa has no permanent member. That is a legitimacy problem, not just a "
                    "grievance.\n\n"
                    "Second, the AU position is deliberately maximalist so that it cannot be "
                    "split. If the AU accepted seats without a veto, the argument about which "
                    "countries get them would begin immediately.\n\n"
                    "Third, the position keeps the continent's bargaining power intact for the day "
                    "when a wider deal becomes possible."
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 7.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "If the AU accepted seats without a veto, the argument about which "
                        "countries get them would begin immediately."
                    ),
                },
                "body": (
                    "Yes, and that argument would be brutal. Nigeria, South Africa, Egypt, "
                    "Ethiopia and Kenya would all have claims, and the regional blocs would divide "
                    "along them.\n\n"
                    "Unity on a maximalist position is easier than unity on a realistic one. I am "
                    "not sure that is a strategy, rather than a way of avoiding a decision that "
                    "would hurt."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 13.0,
                "body": (
                    "There is one intermediate option that gets less attention: longer-term, "
                    "renewable non-permanent seats. That would give major regional powers a more "
                    "continuous presence without the veto problem. It was proposed in one of the "
                    "previous reform rounds and received more support than expected. Whether the "
                    "AU could accept it without losing face is another question."
                ),
            },
            {
                "author": "gwanjiru",
                "hours_after": 20.0,
                "body": (
                    "Tunde is right that it is partly avoidance. But I would say the avoidance is "
                    "rational. Any African state that publicly accepts less than the common "
                    "position would be accused of breaking ranks, and none of the candidates wants "
                    "to carry that cost.\n\n"
                    "Claire's idea may be where things end up, but it will have to come from "
                    "outside the continent first, so that nobody here has to propose it."
                ),
            },
        ],
    },
    {
        "forum": "economy-trade",
        "title": 'Is "friend-shoring" actually happening? A look at the trade data',
        "days_ago": 58.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "priya.nair",
                "hours_after": 0.0,
                "body": (
                    '"Friend-shoring" has been the buzzword for a few years now. I wanted to see '
                    "whether it shows up in actual trade flows, so I looked at shares of US goods "
                    "imports by source, in approximate round numbers from the official statistics, "
                    "comparing the late 2010s with the latest full year:\n\n"
                    "| Source | Share then | Share now | Direction |\n"
                    "|---|---|---|---|\n"
                    "| China | ~21% | ~14% | down |\n"
                    "| Mexico | ~13% | ~15% | up |\n"
                    "| Vietnam | ~2% | ~4% | up |\n"
                    "| EU | ~18% | ~18% | flat |\n\n"
                    "So yes, the direct share from China has fallen substantially. But several "
                    "studies suggest that a good part of the growth from Mexico and Vietnam "
                    "involves Chinese inputs, Chinese-owned factories, or both. The supply chain "
                    "has lengthened rather than moved.\n\n"
                    "My tentative conclusion: friend-shoring is real at the final assembly stage "
                    "and weaker further upstream. It still raises costs, which is the part "
                    "politicians talk about less."
                ),
            },
            {
                "author": "lmoreira",
                "hours_after": 5.0,
                "quote": {
                    "post": 0,
                    "excerpt": "The supply chain has lengthened rather than moved.",
                },
                "body": (
                    "That matches what I see from the commodity side in Brazil. Chinese demand for "
                    "our soy and iron ore has not changed much, but Chinese investment in Mexican "
                    "industrial parks has boomed.\n\n"
                    "In a sense, everyone gets to claim victory: Washington reports a lower "
                    "deficit with China, Beijing keeps its factories busy, and Mexico gets the "
                    "jobs."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 11.0,
                "body": (
                    "The European version is less visible but similar. German firms talk about "
                    '"China plus one" rather than leaving China. The plus one is often in '
                    "Southeast Asia, with Chinese suppliers following their customers.\n\n"
                    "The real test will be rules of origin: if they become strict enough to "
                    "exclude Chinese content, costs rise a lot. So far nobody has been willing to "
                    "pay that price."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 24.0,
                "quote": {
                    "post": 2,
                    "excerpt": (
                        "The real test will be rules of origin: if they become strict enough to "
                        "exclude Chinese content, costs rise a lot."
                    ),
                },
                "body": (
                    "Agreed, and the next review of the North American trade agreement is where "
                    "that will be tested. There is already pressure to tighten content rules for "
                    "automotive parts. If that happens, Mexican assembly plants will either have "
                    "to source elsewhere or pay the tariff. I suspect many will simply pay it and "
                    "pass it on."
                ),
            },
            {
                "author": "gwanjiru",
                "hours_after": 40.0,
                "body": (
                    "One thing missing from most of these discussions is Africa. The trade "
                    "diversion away from China has barely reached the continent, despite "
                    "preferential access programmes. Logistics costs, unreliable power supply and "
                    "small scale are the usual explanations.\n\n"
                    "If friend-shoring is about resilience, a partner base that leaves out most of "
                    "a continent is not very resilient."
                ),
            },
        ],
    },
    {
        "forum": "economy-trade",
        "title": "Central bank gold buying: sanctions hedge or simple diversification?",
        "days_ago": 95.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "lmoreira",
                "hours_after": 0.0,
                "body": (
                    "Central banks have been buying gold at the fastest pace in decades. The usual "
                    "explanation is that the freezing of Russian reserves taught everyone that "
                    "reserves held abroad in Western currencies can be immobilised. Gold held at "
                    "home cannot.\n\n"
                    "I think that explains part of it, but not all. Several large buyers have no "
                    "realistic sanctions exposure. For them, gold is about diversifying away from "
                    "a dollar-heavy portfolio at a time when US fiscal policy looks less "
                    "predictable. And some are simply catching up: emerging market central banks "
                    "have historically held much less gold as a share of reserves than European "
                    "ones.\n\n"
                    "Which explanation do you find more convincing? And does it matter for the "
                    "price, or only for the politics?"
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 7.0,
                "body": (
                    "It matters for the price, because motive affects behaviour. Sanctions-driven "
                    "buyers are price-insensitive: they will buy regardless. Diversification "
                    "buyers are opportunistic and will slow down when prices are high.\n\n"
                    "Recent data show buying continuing even at record prices, which suggests the "
                    "price-insensitive motive is significant. I would not rule out that some "
                    "buyers are doing both at once."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 20.0,
                "quote": {"post": 0, "excerpt": "Gold held at home cannot."},
                "body": (
                    "Gold held at home also cannot be used easily. If a country under sanctions "
                    "wants to sell gold, it needs a buyer willing to deal with it and a way to "
                    "move the metal or the proceeds. Refiners and the main trading hubs have "
                    "compliance rules.\n\n"
                    "So gold is a hedge against having assets frozen, but a weaker hedge against "
                    "being cut off from the financial system."
                ),
            },
            {
                "author": "lmoreira",
                "hours_after": 33.0,
                "body": (
                    "Good point. It becomes a store of value that is only really liquid among "
                    "friends. That may explain the interest in bilateral gold trading arrangements "
                    "and local-currency settlement between some of the larger emerging economies. "
                    "None of those systems is large yet, but they are being built quietly, and the "
                    "plumbing matters more than the announcements."
                ),
            },
        ],
    },
    {
        "forum": "economy-trade",
        "title": "The dollar's share of global reserves: slow drift, not collapse",
        "days_ago": 210.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "fhartmann",
                "hours_after": 0.0,
                "body": (
                    "Every year someone announces the end of dollar dominance. The data tell a "
                    "more boring story. The dollar's share of disclosed foreign exchange reserves "
                    "has declined from around 70 percent at the turn of the century to somewhere "
                    "under 60 percent now. That is a real drift over more than twenty years, but "
                    "it is gradual.\n\n"
                    "Where did the share go? Not mainly to the renminbi, whose share is still "
                    'small. It went to a range of "non-traditional" currencies: Canadian and '
                    "Australian dollars, the Korean won, Nordic currencies and others.\n\n"
                    "In other words, reserve managers are diversifying into liquid currencies of "
                    "stable, open economies. That is the opposite of a bloc-based system replacing "
                    "the dollar."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 10.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "In other words, reserve managers are diversifying into liquid currencies "
                        "of stable, open economies."
                    ),
                },
                "body": (
                    "Right, and it is worth adding that reserves are only one dimension. The "
                    "dollar's role in trade invoicing, foreign exchange transactions and "
                    "cross-border lending is even more dominant.\n\n"
                    "A reserve share just under 60 percent still means a huge concentration. The "
                    "question is whether anything could accelerate the drift, and I think US "
                    "fiscal politics is the most plausible candidate, rather than any competitor."
                ),
            },
            {
                "author": "ingrid.h",
                "hours_after": 30.0,
                "body": (
                    "As someone who lives with the euro every day: the euro could have taken a "
                    "larger share, but the lack of a common safe asset holds it back. Joint EU "
                    "borrowing has changed that a little.\n\n"
                    "If the EU makes common debt a permanent feature, the euro's reserve role "
                    "could grow. Whether the member states will accept that is a different debate, "
                    "and not one I expect to be settled quickly."
                ),
            },
        ],
    },
    {
        "forum": "economy-trade",
        "title": "EU carbon border levy: first certificates come due for importers",
        "days_ago": 1.8,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "priya.nair",
                "hours_after": 0.0,
                "body": (
                    "The EU carbon border adjustment mechanism has moved from reporting to "
                    "payment, and importers of steel, aluminium, cement, fertilisers, hydrogen and "
                    "electricity now have to buy certificates for the emissions embedded in what "
                    "they bring in.\n\n"
                    "Things worth watching:\n\n"
                    "- **Data quality.** During the reporting phase, many importers used default "
                    "values because suppliers would not or could not provide plant-level data. "
                    "Defaults are set high on purpose, so the first bills may be uncomfortable.\n"
                    "- **Trade partner reactions.** India, South Africa and others have called the "
                    "mechanism protectionist. Expect complaints at the WTO.\n"
                    "- **Resource shuffling.** Exporters can send their cleanest production to "
                    "Europe and sell the dirtier output elsewhere, which lowers the levy without "
                    "lowering global emissions.\n\n"
                    "Anyone here dealing with this directly?"
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 6.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Exporters can send their cleanest production to Europe and sell the "
                        "dirtier output elsewhere, which lowers the levy without lowering global "
                        "emissions."
                    ),
                },
                "body": (
                    "This is my biggest worry from an African perspective. The large exporters "
                    "from the big economies can do this shuffling. Smaller producers, such as a "
                    "single aluminium smelter or a handful of fertiliser plants, have fewer "
                    "production lines to shuffle between.\n\n"
                    "So the mechanism may hit the smaller exporters hardest, which is the opposite "
                    "of what a fair transition should look like."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 12.0,
                "body": (
                    "I work with a mid-sized German importer of steel products, and the "
                    "administrative burden is the real shock. We need emissions data from "
                    "suppliers who sometimes cannot get it from their own suppliers. The default "
                    "values, as Priya says, are punishing.\n\n"
                    "Some of my colleagues are simply switching to EU-produced steel where they "
                    "can, which is effectively the protectionist outcome critics predicted."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 30.0,
                "quote": {
                    "post": 2,
                    "excerpt": (
                        "Some of my colleagues are simply switching to EU-produced steel where "
                        "they can, which is effectively the protectionist outcome critics "
                        "predicted."
                    ),
                },
                "body": (
                    "Thanks, that is useful ground truth. Switching to domestic suppliers was "
                    "probably always going to be part of the effect, whatever the official line.\n"
                    "\n"
                    "The question for the Commission is whether it revises default values quickly "
                    "when good data becomes available, and whether it helps lower-income exporters "
                    "build measurement capacity. Without that, the complaints at the WTO will have "
                    "a point."
                ),
            },
        ],
    },
    {
        "forum": "economy-trade",
        "title": "Freight rates jump after insurers widen Red Sea war-risk area",
        "days_ago": 9.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "kwatanabe",
                "hours_after": 0.0,
                "body": (
                    "The London insurance market's joint war committee has widened its listed area "
                    "in the region, and war-risk premiums for affected voyages rose within days. "
                    "Charter rates for tankers and container ships followed.\n\n"
                    "For context, war-risk cover is priced as a percentage of hull value per "
                    "voyage. Even a fraction of a percent on a large modern vessel adds up to a "
                    "significant sum, and that is before crew bonuses and longer routes.\n\n"
                    "Japanese shipping companies have already said they will route some services "
                    "around the Cape of Good Hope again. That adds roughly ten days to Asia-Europe "
                    "voyages and absorbs a lot of fleet capacity."
                ),
            },
            {
                "author": "lmoreira",
                "hours_after": 8.0,
                "body": (
                    "Commodity exporters feel this too, even far from the region. Brazilian iron "
                    "ore going to China does not pass through the listed area, but the general "
                    "tightening of vessel supply raises rates everywhere.\n\n"
                    "Freight is one of those markets where a problem in one region shows up in "
                    "prices globally within a week or two."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 30.0,
                "quote": {
                    "post": 1,
                    "excerpt": (
                        "Freight is one of those markets where a problem in one region shows up in "
                        "prices globally within a week or two."
                    ),
                },
                "body": (
                    "Exactly. The irony is that the container industry had been worried about "
                    "overcapacity: many new ships were ordered during the pandemic boom and have "
                    "been arriving since. Longer routes absorb that surplus.\n\n"
                    "So some shipping lines are quietly doing rather well out of a crisis they "
                    "publicly complain about."
                ),
            },
        ],
    },
    {
        "forum": "energy-commodities",
        "title": "Why Asian LNG buyers are signing 20-year contracts again",
        "days_ago": 33.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "kwatanabe",
                "hours_after": 0.0,
                "body": (
                    "A few years ago the LNG market was moving towards short-term and spot "
                    "trading. Long-term contracts looked old-fashioned. Since the energy shock, "
                    "that has reversed sharply: Japanese, Korean and Chinese buyers have signed a "
                    "wave of 15 to 20-year contracts with suppliers in the US and Qatar.\n\n"
                    "The reason is simple. During the crisis, spot prices went to levels that "
                    "would have been unthinkable before, and buyers without long-term cover paid "
                    "for it. Utilities, and the governments behind them, decided that security of "
                    "supply is worth a premium.\n\n"
                    "What I find interesting is the tension with decarbonisation targets. Japan "
                    "aims for net zero by 2050, yet its utilities are signing contracts that run "
                    "almost to 2045. They argue gas will be needed as a backup for renewables. "
                    "Critics say the contracts will lock in demand."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 6.0,
                "body": (
                    "The contracts have become more flexible, which helps square that circle. Many "
                    "include destination flexibility, so a Japanese buyer can resell cargoes to "
                    "other markets if domestic demand falls.\n\n"
                    "In effect, Japanese utilities are becoming LNG traders. That is a reasonable "
                    "hedge, but it also means they are taking market risk they did not take before."
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 14.0,
                "body": (
                    "Meanwhile, African producers struggle to get financing for new LNG projects "
                    "because European banks have pulled back from gas. Some of the long-term "
                    "buyers are now financing projects directly.\n\n"
                    "It would be a strange outcome if the energy transition in Europe pushed "
                    "African gas development into Asian hands, but that is roughly what is "
                    "happening."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 26.0,
                "quote": {
                    "post": 2,
                    "excerpt": "Some of the long-term buyers are now financing projects directly.",
                },
                "body": (
                    "Yes, Japanese trading houses and the state-backed export bank have been "
                    "active in this. It is partly energy security and partly industrial policy: "
                    "Japanese engineering firms get the construction contracts. I would not call "
                    "it altruism, but for the producing countries it may be the only financing "
                    "available on reasonable terms."
                ),
            },
        ],
    },
    {
        "forum": "energy-commodities",
        "title": "Nigeria's new refinery capacity and what it means for West African fuel imports",
        "days_ago": 150.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "tadeyemi",
                "hours_after": 0.0,
                "body": (
                    "For decades, Nigeria exported crude and imported almost all its refined fuel, "
                    "which is an absurd position for one of Africa's largest oil producers. With a "
                    "large new private refinery ramping up and some state refineries partially "
                    "back in operation, that is finally starting to change.\n\n"
                    "Early effects:\n"
                    "- Imports of gasoline into Nigeria have fallen, though not to zero.\n"
                    "- The refinery is exporting diesel and jet fuel to neighbouring countries "
                    "and, interestingly, to Europe.\n"
                    "- There have been public fights between the refinery, the regulator and "
                    "importers over crude supply and pricing.\n\n"
                    "The big question is whether the domestic market stabilises. Pump prices were "
                    "heavily subsidised until recently, and the removal of the subsidy caused real "
                    "hardship. A domestic refinery does not automatically mean cheaper fuel."
                ),
            },
            {
                "author": "lmoreira",
                "hours_after": 10.0,
                "body": (
                    "Brazil went through similar fights between the state refiner, importers and "
                    "the government over pricing policy. The lesson there was that a dominant "
                    "domestic refiner becomes a political target: every price increase is blamed "
                    "on it.\n\n"
                    "Whoever owns the Nigerian refinery will face the same pressure. Private "
                    "ownership may make it harder for the government to intervene directly, but "
                    "not impossible."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 22.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "The refinery is exporting diesel and jet fuel to neighbouring countries "
                        "and, interestingly, to Europe."
                    ),
                },
                "body": (
                    "The European exports are a big deal. European refining capacity has been "
                    "shrinking, and Russian products have been cut off. If Nigeria becomes a "
                    "reliable supplier of middle distillates, that is a new trade relationship "
                    "with real strategic value. It would also give Abuja a little more weight in "
                    "its dealings with the EU."
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 40.0,
                "body": (
                    'Elif, agreed, though "reliable" is the key word. Crude supply to the '
                    "refinery has been inconsistent, partly because of contractual obligations to "
                    "export, partly because of theft and pipeline sabotage in the Delta.\n\n"
                    "Until those are fixed, the refinery will run below capacity and rely on "
                    "imported crude at times, which is absurd in its own way."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 60.0,
                "body": (
                    "Imported crude for a Nigerian refinery is a great illustration of how "
                    "integrated, and how strange, oil markets are. It reminds me of refineries in "
                    "Central and Eastern Europe that were built to process Russian crude and had "
                    "to reconfigure when supplies changed. These things take years and cost a lot "
                    "more than planned."
                ),
            },
        ],
    },
    {
        "forum": "energy-commodities",
        "title": "Cocoa prices, smuggling and the limits of marketing boards",
        "days_ago": 260.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "tadeyemi",
                "hours_after": 0.0,
                "body": (
                    "Cocoa prices hit record highs over the past couple of seasons, yet many "
                    "farmers in Côte d'Ivoire and Ghana saw only modest gains. The reason is the "
                    "marketing board system: both countries set a fixed farm-gate price at the "
                    "start of the season and sell much of the crop forward.\n\n"
                    "When world prices rise faster than expected, the fixed price falls far below "
                    "what smugglers can pay across the border. That is exactly what happened, and "
                    "a significant share of the crop reportedly moved to neighbouring countries.\n"
                    "\n"
                    "The boards exist for good reasons: price stability, quality control, and "
                    "protection against buyers with market power. But when the gap becomes this "
                    "large, the system undermines itself."
                ),
            },
            {
                "author": "lmoreira",
                "hours_after": 20.0,
                "body": (
                    "Brazil used to be a major cocoa producer before disease destroyed much of the "
                    "crop in Bahia. The coffee sector here went through a similar debate decades "
                    "ago when price controls were abandoned.\n\n"
                    "Liberalisation brought more volatility but also more investment by farmers. "
                    "It is not obvious which model is better for smallholders; it depends a lot on "
                    "access to credit."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 44.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "When world prices rise faster than expected, the fixed price falls far "
                        "below what smugglers can pay across the border."
                    ),
                },
                "body": (
                    "This is a textbook example of why fixed prices need an adjustment mechanism. "
                    "A mid-season review, with part of the windfall passed through to farmers, "
                    "would reduce the incentive to smuggle.\n\n"
                    "Versions of this have been tried, but the boards had already sold forward at "
                    "lower prices, so they did not have the money to raise farm-gate prices when "
                    "it mattered."
                ),
            },
        ],
    },
    {
        "forum": "sanctions-export-controls",
        "title": "Chip export controls: do the new rules close the cloud-compute loophole?",
        "days_ago": 27.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "swright",
                "hours_after": 0.0,
                "body": (
                    "The latest update to US export controls on advanced semiconductors focuses on "
                    "a gap that has been discussed for a while: companies in restricted countries "
                    "cannot buy advanced chips, but they can rent access to them through cloud "
                    "providers abroad.\n\n"
                    "The new rules introduce know-your-customer requirements for cloud providers "
                    "and limits on computing power above a certain threshold for customers from "
                    "restricted countries. Enforcement relies heavily on the providers "
                    "themselves.\n\n"
                    "My scepticism: cloud access can be routed through subsidiaries, shell "
                    "companies and providers in countries that do not apply the rules. The "
                    "controls also give the restricted countries every incentive to build their "
                    "own chips faster. Is this another round of whack-a-mole, or does it actually "
                    "raise costs enough to matter?"
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 8.0,
                "body": (
                    "It raises costs, which is usually the realistic goal of export controls. "
                    "Nobody designing these rules expects to stop all access. They aim to make "
                    "access slower, more expensive and less reliable.\n\n"
                    "If training a frontier model requires stitching together rented compute "
                    "through shell companies, that adds delay and risk. Whether that delay is "
                    "strategically meaningful is the real debate."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 20.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "The new rules introduce know-your-customer requirements for cloud "
                        "providers and limits on computing power above a certain threshold for "
                        "customers from restricted countries."
                    ),
                },
                "body": (
                    "The European angle is interesting here. Several big cloud providers operate "
                    "data centres in the EU, and the EU has no equivalent rules yet. If the US "
                    "expects European data centres to apply US rules, that raises jurisdiction "
                    "questions. The extraterritorial reach of US export controls has always "
                    "irritated Brussels, and this extends it into services."
                ),
            },
            {
                "author": "swright",
                "hours_after": 32.0,
                "body": (
                    "Good point about Europe. The practical answer will probably be that the large "
                    "providers apply the US rules globally, because they cannot afford to be cut "
                    "off from US technology.\n\n"
                    "So the rules become de facto global through corporate compliance rather than "
                    "diplomacy. That works until a major provider decides it does not want to play "
                    "along."
                ),
            },
        ],
    },
    {
        "forum": "sanctions-export-controls",
        "title": "Oil price cap enforcement: the shadow fleet keeps growing",
        "days_ago": 115.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "okravets",
                "hours_after": 0.0,
                "body": (
                    "Since the price cap on Russian seaborne oil came in, the number of tankers "
                    "operating outside Western insurance and services, the so-called shadow fleet, "
                    "has grown to several hundred vessels by most estimates. Many are old, have "
                    "opaque ownership and fly the flags of registries that do little oversight.\n\n"
                    "Enforcement so far:\n"
                    "- Designations of individual vessels and their owners, which takes those "
                    "ships out of most legitimate trade.\n"
                    "- Pressure on flag states to de-register designated vessels.\n"
                    "- Attestation requirements for Western service providers.\n\n"
                    "The designations seem to work on the specific ships targeted; there are "
                    "reports of designated tankers sitting idle. But new vessels keep being "
                    "bought. Environmental risk is growing, since an old tanker with unclear "
                    "insurance is exactly what you do not want in the Baltic or the Danish Straits."
                ),
            },
            {
                "author": "ingrid.h",
                "hours_after": 6.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Environmental risk is growing, since an old tanker with unclear insurance "
                        "is exactly what you do not want in the Baltic or the Danish Straits."
                    ),
                },
                "body": (
                    "This worries Nordic governments more than the sanctions angle. A major spill "
                    "in the Danish Straits would be an ecological and economic disaster, and "
                    "recovering costs from a shell company registered somewhere far away would be "
                    "nearly impossible.\n\n"
                    "There have been discussions about checking the insurance documents of "
                    "transiting vessels, but international law on innocent passage limits what "
                    "coastal states can do."
                ),
            },
            {
                "author": "swright",
                "hours_after": 15.0,
                "body": (
                    "Ship-tracking data shows some telling patterns: AIS gaps near transfer "
                    "points, ship-to-ship transfers in open water, and flag changes several times "
                    "in a year. None of this is illegal on its own, but together they are strong "
                    "indicators.\n\n"
                    "Analysts are getting good at spotting these patterns; the problem is what to "
                    "do once you have spotted them."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 28.0,
                "body": (
                    "Turkey sits on the Bosphorus, so this comes up in Ankara regularly. Turkish "
                    "authorities have asked tankers passing through the Straits for insurance "
                    "confirmation, which caused queues at one point. The Montreux Convention "
                    "guarantees free passage for merchant ships in peacetime, so there is not much "
                    "more Turkey can legally do. Coastal states are caught between safety, law and "
                    "sanctions policy."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 40.0,
                "quote": {
                    "post": 3,
                    "excerpt": (
                        "Coastal states are caught between safety, law and sanctions policy."
                    ),
                },
                "body": (
                    "Yes, and the shadow fleet operators know it. That is why I think the most "
                    "effective lever is still on the buyer and service side, not the sea lanes.\n\n"
                    "Every designation of a trading company or a refinery that buys sanctioned "
                    "cargoes changes behaviour more than chasing ships at sea."
                ),
            },
        ],
    },
    {
        "forum": "sanctions-export-controls",
        "title": "Secondary sanctions and third-country banks: a primer",
        "days_ago": 300.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "priya.nair",
                "hours_after": 0.0,
                "body": (
                    "A quick primer, since the term keeps coming up in other threads.\n\n"
                    "**Primary sanctions** apply to a country's own persons and companies: US "
                    "sanctions bind US banks, EU sanctions bind EU companies, and so on.\n\n"
                    "**Secondary sanctions** threaten penalties on third-country actors who deal "
                    "with a sanctioned target, even if they have no other connection to the "
                    "sanctioning country. The classic US example is the threat to cut a foreign "
                    "bank off from the US financial system if it facilitates significant "
                    "transactions for a designated party.\n\n"
                    "Why it works: almost every bank that does international business needs access "
                    "to dollars, which means access to US correspondent banks. Losing that is an "
                    "existential threat.\n\n"
                    "Why it is controversial: it effectively extends US law to everyone, and the "
                    'EU even has a "blocking statute" that, on paper, forbids EU companies from '
                    "complying with certain US sanctions. In practice, companies comply anyway."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 48.0,
                "quote": {"post": 0, "excerpt": "In practice, companies comply anyway."},
                "body": (
                    "And that is the core point. The blocking statute has almost never been "
                    "enforced, because the EU does not want to punish its own companies for being "
                    "cautious.\n\n"
                    "A good recent example is how quickly banks in several third countries "
                    "restricted Russia-related transactions once the US signalled that secondary "
                    "sanctions were possible. Nobody needed to be designated; the warning was "
                    "enough."
                ),
            },
        ],
    },
    {
        "forum": "members-lounge",
        "title": "Introduce yourself - new members start here",
        "days_ago": 340.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "ingrid.h",
                "hours_after": 0.0,
                "body": (
                    "Welcome to the Members' Lounge. This forum is only visible to registered "
                    "members, so it is a good place for off-topic chat, meta discussion about the "
                    "board and introductions.\n\n"
                    "I will start. I am Norwegian and have lived in Brussels for many years, "
                    "working on European security policy, first for a government and now for a "
                    "research institute. On the board I am one of the moderators, which mostly "
                    "means merging duplicate threads and reminding people to cite sources.\n\n"
                    "Tell us where you are, what you follow and what you would like this board to "
                    "be good at."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 5.0,
                "body": (
                    "Hello from Yokohama. I worked in the shipping industry for twenty years, "
                    "mostly in chartering, and now write about maritime security and trade in "
                    "Asia. I am here for the Asia-Pacific discussion and anything involving ships, "
                    "ports or straits. My English is better in writing than in speech, so forums "
                    "suit me well."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 9.0,
                "body": (
                    "Hello from Warsaw. I am a defence journalist and occasional lecturer, mostly "
                    "covering procurement and NATO's eastern flank. I joined because most social "
                    "media debate about defence is either cheerleading or doom. I would like a "
                    "place where people can disagree about doctrine without shouting."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 30.0,
                "body": (
                    "Hi all. Ukrainian, living in Berlin since before the full-scale invasion, "
                    "working as an analyst on logistics and energy infrastructure. I will try to "
                    "keep my posts about Ukraine as factual as possible. I appreciate that people "
                    "here ask for sources instead of repeating slogans."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 70.0,
                "body": (
                    "Hello. I am an economist, originally from Kerala, now in London. I work on "
                    "trade and development finance. I read a lot more than I post, but I will "
                    "happily argue about tariffs, debt and supply chains with anyone who wants to."
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 200.0,
                "body": (
                    "Good evening from Lagos. I am an energy consultant and follow West African "
                    "politics and the oil and gas industry. I am also a long-suffering football "
                    "supporter, which may come up in the off-topic threads. Looking forward to "
                    "good debates on the Sahel and on the energy transition from an African angle."
                ),
            },
            {
                "author": "lmoreira",
                "hours_after": 420.0,
                "body": (
                    "Hi everyone! Brazilian, living in Lisbon. I work in commodity trading, mainly "
                    "agricultural, and follow Latin American politics closely. I am here partly to "
                    "read European perspectives on Latin America, which are often very different "
                    "from what we hear at home, and partly to learn about everything else."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 900.0,
                "body": (
                    "Hello from Ankara. I teach international relations at a university and "
                    "research Turkish foreign policy and the Black Sea region. I look forward to "
                    "explaining Turkish politics patiently, and to being corrected when I get "
                    "things wrong about everywhere else."
                ),
            },
            {
                "author": "gwanjiru",
                "hours_after": 6500.0,
                "body": (
                    "Hello everyone, a late arrival to this thread. I am Kenyan, based in Nairobi, "
                    "and work on development finance and East African regional integration. I "
                    "found the board through a thread on sovereign debt and stayed for the quality "
                    "of the replies. Glad to be here."
                ),
            },
        ],
    },
    {
        "forum": "members-lounge",
        "title": "Anyone going to the Geneva security conference next month?",
        "days_ago": 1.1,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "ingrid.h",
                "hours_after": 0.0,
                "body": (
                    "I will be at the security conference in Geneva next month, on one of the "
                    "panels about maritime infrastructure. If any members are attending, it would "
                    "be nice to meet in person.\n\n"
                    "I am thinking of an informal coffee on the second afternoon, somewhere near "
                    "the venue. No agenda, no recording, just faces to go with usernames. Reply "
                    "here or send me a private message if you are interested; I will share the "
                    "details only by private message."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 4.0,
                "body": (
                    "I will probably be there for the first two days; the law panels are on day "
                    "one. Coffee on the second afternoon works for me. It would be good to meet "
                    "some of you after years of arguing about Article 27 in text form."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 9.0,
                "body": (
                    "Count me in, if my editor agrees to the travel budget. I will know in a week "
                    "or so. Ingrid, is your panel the one on undersea cables? After the recent "
                    "incidents in the Baltic, that session will be packed."
                ),
            },
            {
                "author": "ingrid.h",
                "hours_after": 15.0,
                "quote": {
                    "post": 2,
                    "excerpt": "Ingrid, is your panel the one on undersea cables?",
                },
                "body": (
                    "Yes, cables and pipelines. Three speakers, one of them from a cable repair "
                    "company, which should keep it practical. Glad you might come, Marta. I will "
                    "send a message with details once I have a rough headcount, and if the group "
                    "gets large I will book a table somewhere quieter."
                ),
            },
        ],
    },
    {
        "forum": "armed-forces-doctrine",
        "title": "Reading list: doctrine, strategy and military history (add yours)",
        "days_ago": 380.0,
        "pinned": True,
        "locked": False,
        "posts": [
            {
                "author": "mkowalczyk",
                "hours_after": 0.0,
                "body": (
                    "A reading list for this forum, started because the same questions come up "
                    "often. Please add suggestions with a sentence or two on why a book is worth "
                    "the time. I will keep this first post updated.\n\n"
                    "**Classics**\n"
                    "- Clausewitz, *On War*. Read it slowly, and read a good commentary alongside "
                    "it.\n"
                    "- Thucydides, *History of the Peloponnesian War*. Still the best book on "
                    "alliances, fear and miscalculation.\n\n"
                    "**Modern doctrine and operations**\n"
                    "- The official doctrine publications of the major armies, most of which are "
                    "freely available online. Reading the primary documents beats reading articles "
                    "about them.\n"
                    "- Campaign histories of the 1973 Arab-Israeli war, which remains a reference "
                    "point for combined arms and air defence.\n\n"
                    "**Logistics**\n"
                    "- Anything serious on logistics. Amateurs talk tactics, as the saying goes."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 20.0,
                "body": (
                    "Adding two areas:\n"
                    "- **Soviet operational art.** The interwar writings on deep operations "
                    "explain a lot about how both the Russian and the Ukrainian armies were "
                    "originally structured.\n"
                    "- **Falklands War histories.** A short, well-documented conflict with naval, "
                    "air and land components, and a masterclass in improvised logistics at extreme "
                    "distance."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 70.0,
                "body": (
                    "For the maritime side: Julian Corbett's *Some Principles of Maritime "
                    "Strategy* is the better companion to Mahan, because it focuses on how sea "
                    "power connects to events on land.\n\n"
                    "I would also recommend any good history of the submarine campaign in the "
                    "Pacific War, which shows how a war on trade can decide a conflict as much as "
                    "battles do."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 300.0,
                "body": (
                    "A suggestion from a slightly different angle: histories of the Ottoman "
                    "defence at Gallipoli. Most English-language accounts are written from the "
                    "Allied side. Reading the campaign from the defenders' perspective gives a "
                    "very different picture of command, terrain and logistics. There are good "
                    "recent translations of Turkish staff histories too."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 2000.0,
                "body": (
                    "Late addition: Michael Howard's essays on war and society. Short, readable "
                    "and still the best antidote to thinking about military power as purely "
                    "technical.\n\n"
                    "Also, for anyone interested in procurement, the official reviews of any major "
                    "programme that went badly over budget. They are more instructive than the "
                    "success stories."
                ),
            },
        ],
    },
    {
        "forum": "armed-forces-doctrine",
        "title": "Drones at company level: what three years of war have taught infantry",
        "days_ago": 14.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "okravets",
                "hours_after": 0.0,
                "body": (
                    "Some observations, drawn from conversations with people who have served and "
                    "from open-source reporting, about how small drones have changed infantry "
                    "tactics in Ukraine. I will stay general and avoid anything operationally "
                    "sensitive.\n\n"
                    "1. **Transparency of the battlefield.** Concentrations of troops or vehicles "
                    "are spotted within minutes. Units operate in smaller groups and move at night "
                    "or in bad weather.\n"
                    "2. **The drone team as a standard element.** Most companies now have their "
                    "own reconnaissance and strike drone operators, rather than relying on higher "
                    "echelons.\n"
                    "3. **Electronic warfare everywhere.** Jamming is constant, which has driven a "
                    "race between frequency hopping, autonomy features and, more recently, "
                    "fibre-optic guided drones that cannot be jammed.\n"
                    "4. **Logistics at the last mile.** Resupply and casualty evacuation are "
                    "increasingly done by ground robots and drones because vehicles are too "
                    "exposed.\n\n"
                    "The big open question is how much of this transfers to other armies and "
                    "theatres."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 5.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "The big open question is how much of this transfers to other armies and "
                        "theatres."
                    ),
                },
                "body": (
                    "My guess is less than the enthusiasm suggests. The Ukrainian front is a "
                    "static, attritional war with relatively dense forces on both sides. A more "
                    "mobile war, or one fought with air superiority, would look different.\n\n"
                    "That said, the basic lesson that everything visible can be hit applies almost "
                    "everywhere now."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 9.0,
                "body": (
                    "The Polish army is trying to learn these lessons quickly. There are plans for "
                    "drone units at every level, and training programmes run by instructors who "
                    "have studied the war closely.\n\n"
                    "The hard part is not buying drones, it is building the supply chain. Cheap "
                    "drones are consumed in enormous numbers, and peacetime procurement is not "
                    "designed for consumables at that scale."
                ),
            },
            {
                "author": "swright",
                "hours_after": 20.0,
                "body": (
                    "Australia has been thinking about this in a maritime context, with uncrewed "
                    "surface and underwater vessels. Ukraine's use of sea drones against the Black "
                    "Sea Fleet was a lesson for everyone with a navy.\n\n"
                    "For a country with a small population and a huge maritime area, mass-produced "
                    "autonomous systems look very attractive."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 28.0,
                "quote": {
                    "post": 1,
                    "excerpt": (
                        "A more mobile war, or one fought with air superiority, would look "
                        "different."
                    ),
                },
                "body": (
                    "Agreed on air superiority, which would change a lot. But I would argue that "
                    "drones are part of the reason the war became static in the first place. When "
                    "every attack is spotted early, breakthroughs become extremely difficult. So "
                    "it is not only that drones suit static warfare; they help create it."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 40.0,
                "body": (
                    "A legal note that comes up more often now: autonomous targeting features "
                    "raise questions under international humanitarian law, especially the "
                    'principles of distinction and precaution. Most armies say a human stays "in '
                    'the loop".\n\n'
                    "As jamming pushes drones towards more autonomy in the final phase of an "
                    "attack, that claim becomes harder to maintain. The legal debate is lagging "
                    "behind the technology."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 60.0,
                "quote": {
                    "post": 4,
                    "excerpt": (
                        "So it is not only that drones suit static warfare; they help create it."
                    ),
                },
                "body": (
                    "Fair challenge, Oleksandr, and I think you are right that the causality runs "
                    "both ways. I would still warn against building armies entirely around the "
                    "last war; armies have made that mistake many times. Drones should be "
                    "integrated into combined arms rather than replacing them."
                ),
            },
        ],
    },
    {
        "forum": "armed-forces-doctrine",
        "title": "Conscription is back on the agenda in Europe: models compared",
        "days_ago": 40.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "ingrid.h",
                "hours_after": 0.0,
                "body": (
                    "Several European countries have reintroduced or expanded conscription, or are "
                    "debating it. Since the Norwegian model comes up often, I thought a comparison "
                    "would be useful. Numbers are approximate.\n\n"
                    "| Country | Model | Share of cohort called up |\n"
                    "|---|---|---|\n"
                    "| Norway | Universal obligation, selective call-up, both sexes | ~15-20% |\n"
                    "| Sweden | Reactivated, selective, both sexes | ~8-10% |\n"
                    "| Finland | Universal for men, voluntary for women | most men |\n"
                    "| Lithuania | Reintroduced, selective, volunteers first | small |\n\n"
                    "The Nordic selective model works because service is seen as prestigious: it "
                    "is competitive and many young people want to be selected. The Finnish model "
                    "is designed for mass mobilisation against a large neighbour.\n\n"
                    "Which model fits countries like Germany or the UK, which suspended "
                    "conscription and have much larger populations?"
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 6.0,
                "body": (
                    "Germany is debating a Swedish-style model: a mandatory questionnaire for "
                    "young men, voluntary for women, followed by selection.\n\n"
                    "The problem is infrastructure. Barracks, instructors and equipment were cut "
                    "after conscription was suspended in 2011, and you cannot reintroduce it by "
                    "law alone. Realistically it will take years before Germany can train more "
                    "than a small fraction of each cohort."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 11.0,
                "body": (
                    "Poland chose a different route: voluntary basic military service with decent "
                    "pay, plus a big expansion of the professional army and the territorial "
                    "defence force. It works as far as recruitment numbers go, but retention is "
                    "harder.\n\n"
                    "I suspect many countries will end up with some version of a selective model "
                    "combined with strong reserves."
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 24.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "The Nordic selective model works because service is seen as prestigious: "
                        "it is competitive and many young people want to be selected."
                    ),
                },
                "body": (
                    "This is the key cultural point, and it does not transfer easily. In many "
                    "countries, including mine, military service has a very different reputation.\n"
                    "\n"
                    "Selection-based prestige depends on trust in the institution. Without that, a "
                    "selective model will look like a lottery for the unlucky, and that creates "
                    "political backlash."
                ),
            },
            {
                "author": "ingrid.h",
                "hours_after": 30.0,
                "quote": {
                    "post": 3,
                    "excerpt": "Selection-based prestige depends on trust in the institution.",
                },
                "body": (
                    "That is a very good point, Tunde. In Norway the armed forces have "
                    "consistently been among the most trusted public institutions, and service "
                    "counts in your favour for jobs and studies. The UK and Germany would need to "
                    "build that reputation before the selective model works, and that is a slow "
                    "job."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 55.0,
                "body": (
                    "From the economics side: conscription is often sold as cheap, but it is not. "
                    "The cost is hidden in the lost earnings and productivity of conscripts during "
                    "service.\n\n"
                    "For a country with a tight labour market, taking a large share of young "
                    "people out of the workforce for a year is a real cost. Selective models keep "
                    "that cost smaller, which is another argument for them."
                ),
            },
        ],
    },
    {
        "forum": "armed-forces-doctrine",
        "title": "Carrier relevance debate, 2020s edition",
        "days_ago": 88.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "kwatanabe",
                "hours_after": 0.0,
                "body": (
                    "Every decade someone declares the aircraft carrier obsolete. The current "
                    "argument is that long-range anti-ship missiles, satellite surveillance and "
                    "drones make carriers too vulnerable to operate near a capable adversary.\n\n"
                    "Yet navies keep building them. China is building more. Japan has converted "
                    "two large helicopter destroyers to operate short take-off fighters. India "
                    "operates two carriers. The US Navy is not giving up its fleet.\n\n"
                    "I think the answer depends on what you want a carrier for. Against a peer "
                    "adversary close to its own coast, a carrier is indeed at risk and must stay "
                    "further away. For presence, crisis response and operations against weaker "
                    "opponents, nothing replaces it. Most navies need carriers for the second set "
                    "of tasks, not the first."
                ),
            },
            {
                "author": "swright",
                "hours_after": 8.0,
                "body": (
                    "That distinction is correct, but it leads to an uncomfortable budget "
                    "question. If carriers are mainly for presence and lesser contingencies, are "
                    "they worth the enormous cost, compared with more submarines or land-based "
                    "missiles?\n\n"
                    "For Australia, the answer was no: we invested in submarines. For Japan the "
                    "geography is different, with many remote islands to cover."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 15.0,
                "body": (
                    "France thinks the carrier is worth it, and is planning a successor to the "
                    "Charles de Gaulle. Part of the reason is status: a carrier is the symbol of a "
                    "navy with global reach. Part is practical: French operations in the "
                    "Mediterranean and the Indian Ocean depend on it.\n\n"
                    "The cost is high, but for a medium-sized power it is the only way to project "
                    "air power far from home without relying on host nations."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 30.0,
                "quote": {
                    "post": 1,
                    "excerpt": "For Australia, the answer was no: we invested in submarines.",
                },
                "body": (
                    "Sam, I think that is right for Australia. For Japan, the converted ships are "
                    "modest and are mainly about covering the Pacific side, where there are few "
                    "airfields. Nobody in Tokyo talks about sending them close to a hostile coast "
                    "in wartime. That nuance is often lost when the converted ships are described "
                    'as "carriers" in the headlines.'
                ),
            },
        ],
    },
    {
        "forum": "armed-forces-doctrine",
        "title": "Reserve forces: why most mobilisation plans look better on paper",
        "days_ago": 0.4,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "fhartmann",
                "hours_after": 0.0,
                "body": (
                    "A thought prompted by a conversation with a friend who is a reservist: most "
                    "European reserve systems look impressive on paper and far less impressive in "
                    "reality.\n\n"
                    "Common problems:\n"
                    "- **Equipment.** Reserve units often have no equipment of their own; they are "
                    "expected to draw it from stocks that do not exist.\n"
                    "- **Training.** Reservists may train a few days a year, if at all. Skills "
                    "decay quickly.\n"
                    "- **Data.** Some countries do not even have an up-to-date register of who is "
                    "a reservist and where they live.\n"
                    "- **Employers.** Call-ups for exercises conflict with civilian jobs, and "
                    "legal protections are weak.\n\n"
                    "Finland and the Baltic states are the exceptions, because they have planned "
                    "for mobilisation all along. Everyone else is rebuilding from almost nothing."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 6.0,
                "body": (
                    "All true, and I would add medical fitness. A surprising share of reservists "
                    "on paper would not pass a basic medical check after years out of service; "
                    "Poland has found this during its recent reserve exercises.\n\n"
                    "The fix is boring: regular call-ups, realistic records and funded equipment "
                    "for reserve units. Boring fixes are the hardest to get through a budget."
                ),
            },
        ],
    },
    {
        "forum": "armed-forces-doctrine",
        "title": "Air defence magazine depth: the interceptor arithmetic nobody likes",
        "days_ago": 25.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "mkowalczyk",
                "hours_after": 0.0,
                "body": (
                    "The uncomfortable arithmetic of modern air defence: interceptors are "
                    "expensive and produced slowly, while many of the drones and missiles they "
                    "shoot down are cheaper and produced quickly.\n\n"
                    "A simplified illustration:\n\n"
                    "| Threat | Rough cost | Typical response | Rough cost |\n"
                    "|---|---|---|---|\n"
                    "| Long-range attack drone | tens of thousands | gun or short-range missile | "
                    "low to medium |\n"
                    "| Cruise missile | around a million or more | medium-range missile | around a "
                    "million or more |\n"
                    "| Ballistic missile | several million | high-end interceptor | several "
                    "million |\n\n"
                    "The numbers are approximate and vary widely, but the point stands: defending "
                    "against mass drone attacks with expensive missiles is unsustainable. Poland, "
                    "like everyone else, is now buying guns, cheaper short-range systems and "
                    "electronic warfare to handle the low end, and saving expensive interceptors "
                    "for the high end.\n\n"
                    "The question is whether production can scale in time."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 5.0,
                "quote": {
                    "post": 0,
                    "excerpt": "The question is whether production can scale in time.",
                },
                "body": (
                    "From what Ukraine has experienced, production of interceptors is the "
                    "constraint, not the launchers. A battery without missiles is just an "
                    "expensive target.\n\n"
                    "Mobile groups with heavy machine guns and searchlights have been surprisingly "
                    "effective against slow drones, and cheap interceptor drones are the next "
                    "step. None of this works without good radars and networks tying everything "
                    "together."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 12.0,
                "body": (
                    "Industry is scaling, but slowly, because missile production depends on "
                    "specific components like rocket motors and seekers, with few suppliers. "
                    "European companies are building new lines, but it is a multi-year process. "
                    "Governments that want more need to sign multi-year contracts; a company will "
                    "not build a factory for a one-off order."
                ),
            },
            {
                "author": "swright",
                "hours_after": 24.0,
                "body": (
                    "Directed energy is often mentioned as the long-term answer for cheap "
                    "interception. Several countries, including the UK and Australia, are testing "
                    "laser weapons. They work against small drones in clear weather, but rain, fog "
                    "and dust reduce their effectiveness.\n\n"
                    "I see them as a useful layer, not a replacement for missiles."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 40.0,
                "quote": {
                    "post": 2,
                    "excerpt": (
                        "Governments that want more need to sign multi-year contracts; a company "
                        "will not build a factory for a one-off order."
                    ),
                },
                "body": (
                    "This is exactly the conversation in Warsaw at the moment. The government has "
                    "signed framework agreements, but annual budgets still decide the actual "
                    "orders, and the industry knows it. Until parliaments are willing to commit "
                    "money five or ten years ahead, production will stay behind demand."
                ),
            },
        ],
    },
    {
        "forum": "defence-industry",
        "title": "European artillery ammunition: promised vs delivered",
        "days_ago": 7.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "fhartmann",
                "hours_after": 0.0,
                "body": (
                    "Since there is a lot of confusion, here is my attempt at a simple summary of "
                    "European 155mm ammunition production. Figures are rounded estimates from "
                    "public statements and should be treated with caution.\n\n"
                    "| Period | Claimed annual capacity (EU) | Comment |\n"
                    "|---|---|---|\n"
                    "| Before 2022 | ~300,000 | Mostly peacetime orders |\n"
                    "| Two years later | ~1 million | Target announced, partly met |\n"
                    "| Now | ~1.5-2 million | Claimed; depends on counting |\n\n"
                    "The problem is that ~~capacity~~ announced capacity and actual deliveries are "
                    "different things. Capacity can be announced; deliveries require propellant, "
                    "explosives and shell bodies, each with its own bottleneck. Explosives in "
                    "particular have been a constraint.\n\n"
                    "I also suspect some double counting: a shell body produced in one country and "
                    "filled in another may appear in both national totals."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 4.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "I also suspect some double counting: a shell body produced in one country "
                        "and filled in another may appear in both national totals."
                    ),
                },
                "body": (
                    "That is very likely. National governments want to show their contribution, "
                    "and nobody has an incentive to reconcile the numbers. The Commission has "
                    "tried to track this through its ammunition support programme, but the "
                    "published data is not detailed enough to check. A simple public register of "
                    "deliveries would help enormously."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 9.0,
                "body": (
                    "From the receiving side: deliveries have improved noticeably compared with a "
                    "couple of years ago, but the gap with the other side's consumption remains "
                    "large, and it is also buying from abroad.\n\n"
                    "Quantity matters, but so does predictability. Front-line units need to know "
                    "what will arrive next month, not just what the annual target is."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 20.0,
                "body": (
                    "French industry has increased production considerably, but French procurement "
                    "culture is built around small orders of high-quality systems. Shifting to "
                    "mass production means accepting simpler designs and long-term contracts.\n\n"
                    "That cultural shift is happening, slowly. Meanwhile, some procurement "
                    "agencies still take more than a year to sign a contract that industry is "
                    "ready to execute."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 36.0,
                "quote": {
                    "post": 3,
                    "excerpt": (
                        "Meanwhile, some procurement agencies still take more than a year to sign "
                        "a contract that industry is ready to execute."
                    ),
                },
                "body": (
                    "The German procurement office has the same reputation, though it has "
                    "improved. There is now a law to speed up procurement, but much of the delay "
                    "sits in legal reviews and budget approvals in parliament. For ammunition, "
                    "which is essentially a commodity, the process is absurdly slow compared with "
                    "private industry."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 60.0,
                "body": (
                    "An economist's footnote: the price per shell has risen significantly since "
                    "2022, partly because of demand and partly because of input costs. So "
                    '"spending more" does not translate one-to-one into "more shells".\n\n'
                    "Multi-year contracts with price clauses would help stabilise costs. They "
                    "would also give industry the certainty to invest in new capacity rather than "
                    "simply raising prices."
                ),
            },
        ],
    },
    {
        "forum": "defence-industry",
        "title": "Poland's procurement spree: sustainable or front-loaded?",
        "days_ago": 160.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "mkowalczyk",
                "hours_after": 0.0,
                "body": (
                    "Poland has signed contracts for hundreds of tanks, self-propelled howitzers, "
                    "rocket launchers, fighters and air defence systems in a very short time, "
                    "mostly from the US and South Korea. Defence spending is heading towards "
                    "levels rarely seen in NATO.\n\n"
                    "Supporters say it is necessary given the threat. Critics, and I am partly one "
                    "of them, worry about three things:\n\n"
                    "1. **Financing.** Much of it is financed by loans, including through a "
                    "special off-budget fund. The bills come due later.\n"
                    "2. **Personnel.** The army needs many more soldiers and technicians to "
                    "operate all this equipment.\n"
                    "3. **Industrial base.** Polish industry gets some local production, but in "
                    "several contracts much less than hoped.\n\n"
                    "Interested in outside perspectives."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 10.0,
                "body": (
                    "From Germany it looks impressive and slightly worrying. Impressive because "
                    "Poland acted quickly while Germany debated. Worrying because the equipment "
                    "mix is very diverse: American, Korean and domestic systems side by side. That "
                    "is a logistics and training burden. Standardisation is boring, but it matters "
                    "a lot in a long war."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 18.0,
                "quote": {"post": 1, "excerpt": "That is a logistics and training burden."},
                "body": (
                    "True, but Ukraine has shown that armies can operate a very diverse fleet, at "
                    "a cost. The bigger risk for Poland is probably personnel. Equipment without "
                    "trained crews is useless, and the army competes with a strong civilian labour "
                    "market for technical skills."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 40.0,
                "body": (
                    "On financing: off-budget funds are a common way around fiscal rules, but "
                    "markets see through them eventually. Poland's public debt is still moderate, "
                    "so it has room, but interest costs will grow.\n\n"
                    "The real question is whether defence spending at this level remains "
                    "politically sustainable in ten years, when the sense of urgency may have "
                    "faded."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 60.0,
                "quote": {
                    "post": 3,
                    "excerpt": (
                        "The real question is whether defence spending at this level remains "
                        "politically sustainable in ten years, when the sense of urgency may have "
                        "faded."
                    ),
                },
                "body": (
                    "I think it will remain high as long as the threat from the east is visible, "
                    "which may be a long time. But you are right that the composition matters. If "
                    "too much goes to servicing loans and too little to training and maintenance, "
                    "the armed forces will look strong on paper and be weak in practice."
                ),
            },
        ],
    },
    {
        "forum": "defence-industry",
        "title": "Joint fighter programmes keep stalling. Is co-development worth it?",
        "days_ago": 50.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "cdubois",
                "hours_after": 0.0,
                "body": (
                    "The Franco-German-Spanish next-generation fighter programme has had yet "
                    "another round of disputes about work share and intellectual property. "
                    "Meanwhile, the rival programme of the UK, Italy and Japan seems to be "
                    "progressing more smoothly, at least in public.\n\n"
                    "Co-development is supposed to spread costs and build a European industrial "
                    "base. In practice, every partner wants the most advanced work for its own "
                    "companies, and the result is delay.\n\n"
                    "My view, as a French citizen who is fairly critical of Paris on this: French "
                    "industry wants leadership because it has the most experience with complete "
                    "fighters. German industry wants equal partnership because Germany pays a "
                    "large share. Both positions are understandable. Neither allows a quick "
                    "agreement."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 8.0,
                "quote": {"post": 0, "excerpt": "Neither allows a quick agreement."},
                "body": (
                    "I agree with your diagnosis, and with your honesty about Paris. From Berlin, "
                    "the perception is that France wants German money without German industrial "
                    "participation. That perception may be unfair, but it is politically "
                    "powerful.\n\n"
                    "A cleaner model might be a lead nation with clearly defined subcontracts, "
                    "accepted from the start. That requires a level of trust that does not "
                    "currently exist."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 20.0,
                "body": (
                    "The Japanese perspective on the other programme: Japan accepted partnership "
                    "because its own fighter project would have been too expensive alone, and "
                    "because it wanted to avoid the dependency it had in the previous programme. "
                    "So far the partners seem to have divided the work more clearly. But it is "
                    "early; problems usually appear during detailed design."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 35.0,
                "body": (
                    "Kenji, that is a useful reminder that the problems may simply come at a "
                    "different stage. I would still say the other programme had an advantage: the "
                    "partners joined with clearer expectations of who leads. In our case, the lead "
                    "question has been reopened several times. Co-development can work, but only "
                    "if that question is settled early."
                ),
            },
        ],
    },
    {
        "forum": "defence-industry",
        "title": "Japan loosens defence export rules: the first real test case",
        "days_ago": 230.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "kwatanabe",
                "hours_after": 0.0,
                "body": (
                    "Japan's defence export rules have been relaxed in several steps over the past "
                    "decade. The latest change allows finished equipment developed with partners "
                    "to be exported to third countries, under strict conditions and with "
                    "case-by-case cabinet approval.\n\n"
                    "The first real test will be the fighter programme with the UK and Italy. The "
                    "partners want to export the aircraft to third countries to reduce unit costs. "
                    "Japan's junior coalition partner had reservations and demanded tight "
                    "conditions.\n\n"
                    "Domestically this is still sensitive. The postwar constitution and decades of "
                    "near-total export restrictions shaped public opinion. But the defence "
                    "industry is small and fragile, with many companies leaving the business "
                    "because domestic orders alone are not profitable."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 15.0,
                "body": (
                    "From the French perspective, exports are the only way to sustain a national "
                    "defence industry of medium size. Domestic orders are simply too small. Japan "
                    "is discovering what Paris, London and Stockholm learned long ago.\n\n"
                    "The political challenge is to define the conditions credibly, so that export "
                    "decisions are not seen as arbitrary."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 80.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "But the defence industry is small and fragile, with many companies "
                        "leaving the business because domestic orders alone are not profitable."
                    ),
                },
                "body": (
                    "Germany knows this problem too, and its restrictive export rules make "
                    "partners nervous about joint programmes. There is a real tension: strict "
                    "rules are good for the conscience, but partners fear that a German or "
                    "Japanese veto will block exports of a joint system. For co-development to "
                    "work, the export question has to be settled at the start."
                ),
            },
        ],
    },
    {
        "forum": "defence-industry",
        "title": 'Turkey\'s drone exports and the economics of "good enough"',
        "days_ago": 3.6,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "elif_y",
                "hours_after": 0.0,
                "body": (
                    "Turkish drones are now in service in dozens of countries. The success is "
                    "often explained by their performance in a few conflicts, but I think the more "
                    'important factor is commercial: they are "good enough" at a price and on '
                    "conditions that suit many buyers.\n\n"
                    "The ingredients:\n"
                    "- **Price.** Much cheaper than Western equivalents, with training and "
                    "maintenance included.\n"
                    "- **Fewer strings.** Exports are approved relatively quickly and with fewer "
                    "conditions on use.\n"
                    "- **Domestic supply chain.** Engines and optics were once imported; many are "
                    "now produced in Turkey, which reduces exposure to other countries' export "
                    "restrictions.\n\n"
                    "The downsides are the reputational cost when drones are used in controversial "
                    "ways, and an industry that depends on a few companies close to the government."
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 10.0,
                "body": (
                    "In West Africa, Turkish drones have become common among militaries fighting "
                    "insurgencies. For them the comparison is not with advanced Western systems, "
                    "which they could not get anyway, but with nothing. The fewer strings attached "
                    "is a big attraction, though it also raises legitimate concerns about civilian "
                    "harm when oversight is weak."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 20.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Much cheaper than Western equivalents, with training and maintenance "
                        "included."
                    ),
                },
                "body": (
                    "Poland bought Turkish drones too, which surprised some observers, and the "
                    "package approach was part of the reason. Western suppliers often sell the "
                    "platform and then charge separately for everything else, which makes price "
                    "comparisons misleading. European manufacturers could learn from that business "
                    "model, even if they do not copy the product."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 40.0,
                "quote": {
                    "post": 1,
                    "excerpt": (
                        "The fewer strings attached is a big attraction, though it also raises "
                        "legitimate concerns about civilian harm when oversight is weak."
                    ),
                },
                "body": (
                    "That is a fair concern, and it is debated in Turkey more than outsiders might "
                    "think, though mostly in academic circles. The official line is that the buyer "
                    "is responsible for how the equipment is used. That is the same line many "
                    "exporters take, and it does not fully answer the question."
                ),
            },
        ],
    },
    {
        "forum": "conflicts-security",
        "title": "Sahel: the juntas' new security partnerships, two years on",
        "days_ago": 36.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "tadeyemi",
                "hours_after": 0.0,
                "body": (
                    "A few years after Mali, Burkina Faso and Niger pushed out French forces and "
                    "turned to Russian security contractors and other new partners, it is worth "
                    "taking stock.\n\n"
                    "What has changed:\n"
                    "- The three states have formed their own alliance and left ECOWAS, creating a "
                    "new political fault line in West Africa.\n"
                    "- Jihadist violence has not decreased; by most counts it has grown and is "
                    "spreading towards coastal states such as Benin and Togo.\n"
                    "- Reports of civilian casualties in counter-insurgency operations have "
                    "increased.\n\n"
                    "What has not changed: the underlying drivers, including weak state presence "
                    "in rural areas, land conflicts and the absence of jobs for young people.\n\n"
                    "Foreign partners come and go. Each promises security; none has delivered it. "
                    "I am increasingly convinced the debate about which external partner is best "
                    "misses the point."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 6.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "I am increasingly convinced the debate about which external partner is "
                        "best misses the point."
                    ),
                },
                "body": (
                    "As a French citizen, I partly agree. The French intervention achieved some "
                    "tactical successes but never solved the political problems, and the French "
                    "presence became a political liability.\n\n"
                    "The current partners are repeating some of those mistakes with fewer "
                    "restraints. The lesson should be that external military presence cannot "
                    "replace governance, yet every partner seems to relearn it."
                ),
            },
            {
                "author": "gwanjiru",
                "hours_after": 14.0,
                "body": (
                    "The spread towards coastal states is what worries me most. Benin, Togo, Ghana "
                    "and Côte d'Ivoire have different governance and more resources, but their "
                    "northern regions share many of the same vulnerabilities. Preventive "
                    "investment there, in roads, schools and local administration, is far cheaper "
                    "than counter-insurgency later. Unfortunately, prevention rarely gets funded."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 30.0,
                "body": (
                    "I follow this mostly from the angle of Russian activities abroad. The "
                    "contractors operating in the Sahel have been reorganised under closer state "
                    "control. For Moscow it is a relatively cheap way to gain influence and access "
                    "to resources.\n\n"
                    "The security results matter less to them than the political relationships. "
                    "That is worth keeping in mind when their reports of success are circulated."
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 50.0,
                "quote": {
                    "post": 2,
                    "excerpt": (
                        "Preventive investment there, in roads, schools and local administration, "
                        "is far cheaper than counter-insurgency later."
                    ),
                },
                "body": (
                    "Exactly, and the coastal states know it. Some have launched development "
                    "programmes for their northern regions. The problem is the time gap: "
                    "development takes years, while armed groups can destabilise a district in "
                    "months. So governments end up doing both at once, and the security spending "
                    "crowds out the development spending."
                ),
            },
        ],
    },
    {
        "forum": "conflicts-security",
        "title": "Sudan: humanitarian access talks, and why ceasefires keep failing",
        "days_ago": 18.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "gwanjiru",
                "hours_after": 0.0,
                "body": (
                    "Another round of talks on humanitarian access in Sudan has ended with "
                    "commitments on paper and little change on the ground. Aid agencies report "
                    "that convoys still face blocked routes, checkpoints and attacks.\n\n"
                    "Why do ceasefires keep failing?\n\n"
                    "- **Fragmented command.** Neither side fully controls its forces. Local "
                    "commanders have their own interests, including taxing aid and trade.\n"
                    "- **External support.** Both sides receive support from outside actors, which "
                    "reduces their incentive to negotiate.\n"
                    "- **Competing mediators.** Several parallel mediation tracks exist, and the "
                    "parties can choose the one that demands the least.\n\n"
                    "From Nairobi, the humanitarian situation is visible in refugee flows and in "
                    "the pressure on neighbouring states. It receives far less international "
                    "attention than its scale deserves."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 8.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Several parallel mediation tracks exist, and the parties can choose the "
                        "one that demands the least."
                    ),
                },
                "body": (
                    "This forum-shopping problem appears in many conflicts. Mediators compete for "
                    "prestige and influence, and the warring parties exploit that.\n\n"
                    "Merging the tracks, or at least coordinating them, would help. But each "
                    "mediator has its own relationship with one of the parties and does not want "
                    "to give that up."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 20.0,
                "body": (
                    "One legal avenue that gets little attention is the arms embargo on Darfur, "
                    "which exists but is poorly enforced. Reports by UN panels of experts have "
                    "documented violations. Enforcement would require the Security Council to act "
                    "on those reports, which, given the disagreements among its members, is "
                    "unlikely. The tools exist; the political will does not."
                ),
            },
            {
                "author": "gwanjiru",
                "hours_after": 34.0,
                "quote": {"post": 2, "excerpt": "The tools exist; the political will does not."},
                "body": (
                    "Claire, exactly. And humanitarian organisations are left negotiating access "
                    "with local commanders one convoy at a time, which is exhausting and dangerous "
                    "work.\n\n"
                    "I would add that funding for the humanitarian appeal is far below what is "
                    "needed, so even when access improves, the supplies are not there."
                ),
            },
        ],
    },
    {
        "forum": "conflicts-security",
        "title": "Red Sea attacks on shipping: is the naval escort model sustainable?",
        "days_ago": 65.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "kwatanabe",
                "hours_after": 0.0,
                "body": (
                    "Naval escort operations in the Red Sea have now been running for a long time, "
                    "with ships from several navies rotating through. They have intercepted many "
                    "missiles and drones. Yet commercial traffic through the Suez Canal remains "
                    "well below normal, because shipping companies and insurers still see the risk "
                    "as too high.\n\n"
                    "Some points for discussion:\n"
                    "- The cost asymmetry: intercepting cheap drones with expensive missiles (see "
                    "the air defence thread).\n"
                    "- The strain on navies: ships deployed here are not available elsewhere, and "
                    "magazines need replenishing in port.\n"
                    "- The commercial reality: even a small chance of a hit is enough for many "
                    "shipping lines to take the long route.\n\n"
                    "Is there a realistic end state other than a political settlement in the wider "
                    "region?"
                ),
            },
            {
                "author": "swright",
                "hours_after": 5.0,
                "body": (
                    "I do not think there is. Escort operations can reduce the risk but not "
                    "eliminate it, and the shipping industry only returns when the risk is close "
                    "to zero.\n\n"
                    "So the naval mission effectively buys time for diplomacy. The problem is that "
                    "it is not clear the diplomacy is going anywhere."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 12.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "The strain on navies: ships deployed here are not available elsewhere, "
                        "and magazines need replenishing in port."
                    ),
                },
                "body": (
                    "European navies are very small now, and a frigate in the Red Sea is a frigate "
                    "not in the Baltic or the North Atlantic. This is an underrated cost of the "
                    "operation. Several navies have had to cut their participation short because "
                    "of maintenance needs."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 24.0,
                "body": (
                    "Egypt is a big loser here. Suez Canal revenues have fallen sharply, and those "
                    "revenues are a major source of foreign currency for a country with serious "
                    "economic problems.\n\n"
                    "Egypt has tried to stay out of the conflict itself, but it is paying a high "
                    "price. Regional stability depends partly on the Egyptian economy, so this "
                    "matters beyond shipping."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 40.0,
                "quote": {
                    "post": 3,
                    "excerpt": (
                        "Suez Canal revenues have fallen sharply, and those revenues are a major "
                        "source of foreign currency for a country with serious economic problems."
                    ),
                },
                "body": (
                    "Yes, and the diversion has winners too: ports on the Cape route, bunkering in "
                    "South Africa and Mauritius, and shipping lines that can charge higher rates.\n"
                    "\n"
                    "The longer the crisis lasts, the more these new patterns settle in. Some "
                    "services may not return to Suez even after the threat is gone."
                ),
            },
        ],
    },
    {
        "forum": "conflicts-security",
        "title": "South Caucasus after the war: what changed and what didn't",
        "days_ago": 140.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "elif_y",
                "hours_after": 0.0,
                "body": (
                    "The South Caucasus has changed dramatically in recent years. Azerbaijan "
                    "regained control of Nagorno-Karabakh, almost the entire Armenian population "
                    "of the region left, and Armenia and Azerbaijan have been negotiating a peace "
                    "treaty.\n\n"
                    "What changed:\n"
                    "- The military balance is now clearly in Azerbaijan's favour.\n"
                    "- Russia's role as security guarantor for Armenia has been badly damaged; "
                    "Yerevan has frozen its participation in the Russian-led alliance.\n"
                    "- Turkey's position has strengthened through its alliance with Baku.\n\n"
                    "What did not change:\n"
                    "- The border is still not demarcated, and transport links remain contested.\n"
                    "- Armenian society is still deeply affected by the displacement.\n\n"
                    "A peace treaty would be historic. But I worry that a treaty signed from a "
                    "position of imbalance will be fragile."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 10.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Russia's role as security guarantor for Armenia has been badly damaged; "
                        "Yerevan has frozen its participation in the Russian-led alliance."
                    ),
                },
                "body": (
                    "This is one of the most significant indirect consequences of the war in "
                    "Ukraine. Russia's attention and resources are elsewhere, and partners in its "
                    "neighbourhood have noticed.\n\n"
                    "Armenia is exploring closer ties with the EU, France and India, but none of "
                    "those can replace a security guarantor in the short term."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 25.0,
                "body": (
                    "France has sold some defensive equipment to Armenia, which caused tension "
                    "with Baku. Paris sees it as support for a democracy under pressure; Baku sees "
                    "it as taking sides.\n\n"
                    "The EU also has a civilian monitoring mission on the Armenian side of the "
                    "border, which seems to have helped reduce incidents. Small measures, but they "
                    "matter."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 40.0,
                "quote": {"post": 2, "excerpt": "Small measures, but they matter."},
                "body": (
                    "Agreed. From Ankara, the normalisation between Turkey and Armenia is the part "
                    "I watch most closely. Opening the border would benefit both economies, "
                    "especially the eastern Turkish provinces.\n\n"
                    "It has been linked politically to the Armenia-Azerbaijan process, which makes "
                    "progress slow. But there are quiet steps, such as special envoys and talks on "
                    "border crossings, that did not exist a few years ago."
                ),
            },
        ],
    },
    {
        "forum": "conflicts-security",
        "title": "Ukraine: winter logistics and the front-line outlook",
        "days_ago": 0.7,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "okravets",
                "hours_after": 0.0,
                "body": (
                    "Starting a thread for the coming months, with a focus on logistics rather "
                    "than daily map changes. Please keep it to sourced information and clearly "
                    "labelled analysis: no unverified casualty claims, and nothing that could be "
                    "operationally sensitive.\n\n"
                    "My current view, labelled as analysis:\n\n"
                    "1. **Energy infrastructure** will again be a primary target. Repairs have "
                    "improved, and decentralised generation such as small gas turbines and solar "
                    "with batteries helps, but the grid remains vulnerable.\n"
                    "2. **Artillery and drone supply** will determine whether either side can "
                    "achieve more than local advances. Both sides depend on foreign supply.\n"
                    "3. **Manpower** is a challenge for both sides. Mobilisation policy remains "
                    "politically sensitive in Ukraine.\n"
                    "4. **Weather** matters: mud slows movement in autumn and again in spring, "
                    "while frozen ground in mid-winter favours it.\n\n"
                    "What am I missing?"
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 3.0,
                "body": (
                    "Rail. Ukrainian railways have been remarkable throughout the war, and they "
                    "carry a large share of both military and civilian cargo. Attacks on rail hubs "
                    "and on the power supply for electric trains matter a lot, which makes the "
                    "diesel locomotive fleet a quiet strategic asset.\n\n"
                    "From Poland, I would add that the border crossings for rail freight are a "
                    "frequent bottleneck, mostly for bureaucratic rather than military reasons."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 6.0,
                "quote": {"post": 0, "excerpt": "Both sides depend on foreign supply."},
                "body": (
                    "I would add air defence interceptors to that list, connected to your first "
                    "point. Protecting energy infrastructure depends on them, and they are scarce. "
                    "Europe's ability to deliver more is limited by production, as discussed in "
                    "the other thread. If interceptor supply runs thin in mid-winter, the pressure "
                    "on civilians increases sharply."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 11.0,
                "body": (
                    "Both good additions, thank you. Rail is an excellent point; I underweighted "
                    "it because it works so reliably that people forget about it.\n\n"
                    "On interceptors, Felix is right. The choice between protecting front-line "
                    "units and protecting cities is one of the hardest decisions the Ukrainian "
                    "command faces every winter."
                ),
            },
            {
                "author": "swright",
                "hours_after": 15.0,
                "body": (
                    "A data point from the analysis side: satellite imagery of rail yards and fuel "
                    "depots is one of the best open-source indicators of logistics strain, for "
                    "both sides. Commercial imagery at reasonable resolution is now widely "
                    "available, and researchers have become quite good at counting tank wagons and "
                    "stockpiles. Those reports are worth following more than maps with arrows."
                ),
            },
        ],
    },
    {
        "forum": "conflicts-security",
        "title": "Piracy off the Horn of Africa is creeping back: numbers and causes",
        "days_ago": 270.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "tadeyemi",
                "hours_after": 0.0,
                "body": (
                    "After nearly a decade of relative quiet, piracy incidents off Somalia have "
                    "started to rise again. Numbers are still far below the peak years, but "
                    "several hijackings of dhows and at least one merchant vessel have been "
                    "reported.\n\n"
                    "Possible causes:\n"
                    "- Naval patrols were reduced after piracy declined, and some warships were "
                    "redirected to the Red Sea.\n"
                    "- Illegal fishing by foreign fleets in Somali waters has returned, reviving "
                    "local grievances that pirates used as justification in the past.\n"
                    "- Economic conditions in coastal communities remain poor.\n\n"
                    "The Gulf of Guinea is a relevant comparison: piracy there fell after regional "
                    "navies improved cooperation and a few high-profile prosecutions took place. "
                    "But it never disappears entirely."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 12.0,
                "body": (
                    "Shipping companies are already adjusting. Some have reintroduced armed guards "
                    "and the best management practices developed during the peak years, such as "
                    "citadels and speed requirements.\n\n"
                    "Japanese shipowners were major supporters of the earlier naval mission, and "
                    "Japan still keeps a small base in Djibouti. The lessons were learned; the "
                    "question is whether anyone will pay to apply them again."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 30.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Illegal fishing by foreign fleets in Somali waters has returned, reviving "
                        "local grievances that pirates used as justification in the past."
                    ),
                },
                "body": (
                    "This is an important point that is often dismissed as an excuse. Whether or "
                    "not it justifies anything, illegal fishing destroys the livelihoods of "
                    "coastal communities and removes alternatives to crime. Supporting Somali "
                    "fisheries enforcement would be cheaper than naval patrols, but it is less "
                    "visible and gets less funding."
                ),
            },
        ],
    },
    {
        "forum": "europe",
        "title": "Estonia's parliament narrowly passes defence tax package in confidence vote",
        "days_ago": 1.6,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "mkowalczyk",
                "hours_after": 0.0,
                "body": (
                    "Estonia's parliament passed the government's defence tax package last night "
                    "by a narrow majority, after the government tied it to a confidence vote. The "
                    "package raises VAT by one percentage point and adds a temporary surcharge on "
                    "corporate profits, with the revenue earmarked for defence and civil "
                    "protection.\n\n"
                    "The opposition argued that the tax hits households during a period of high "
                    "living costs and that the government should have cut spending instead. The "
                    "coalition argued that Estonia cannot rely on allies if it does not visibly "
                    "pay its own way.\n\n"
                    "I think this is an important signal. The Baltic states already spend more on "
                    "defence as a share of GDP than most of NATO, and now they are asking voters "
                    "to pay more. The political cost may be high at the next election."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 5.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "The coalition argued that Estonia cannot rely on allies if it does not "
                        "visibly pay its own way."
                    ),
                },
                "body": (
                    "That argument is aimed at Washington and Berlin as much as at Estonian "
                    "voters. It makes it harder for larger allies to ask why they should defend "
                    "countries that do not defend themselves. Germany, with its long debates about "
                    "debt rules, looks worse next to this kind of decision."
                ),
            },
            {
                "author": "ingrid.h",
                "hours_after": 12.0,
                "body": (
                    "Small states have a particular logic here. They cannot defend themselves "
                    "alone, so their contribution is partly symbolic and partly about making an "
                    "attack as costly as possible in the first days. Estonia's investment in "
                    "territorial defence and civil protection makes sense in that frame.\n\n"
                    "I would be interested to know how the earmarked revenue will be split between "
                    "the military and civil protection."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 20.0,
                "quote": {
                    "post": 2,
                    "excerpt": (
                        "I would be interested to know how the earmarked revenue will be split "
                        "between the military and civil protection."
                    ),
                },
                "body": (
                    "According to the finance ministry's explanatory note, most of it goes to "
                    "ammunition and air defence, with a smaller share for shelters, warning "
                    "systems and emergency stockpiles. The civil protection share is small but "
                    "growing, which matches what the Nordic countries are doing with their total "
                    "defence concepts."
                ),
            },
        ],
    },
    {
        "forum": "europe",
        "title": "EU enlargement: is staged membership the realistic path?",
        "days_ago": 80.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "okravets",
                "hours_after": 0.0,
                "body": (
                    "Ukraine, Moldova and several Western Balkan countries are candidates for EU "
                    "membership, and the debate about how to enlarge without paralysing the EU is "
                    "picking up. One idea that keeps returning is staged membership: candidates "
                    "gain access to parts of the single market and EU programmes, and eventually "
                    "voting rights, step by step as they meet conditions.\n\n"
                    "Arguments for:\n"
                    "- Candidates see concrete benefits earlier, which keeps reform momentum.\n"
                    "- The EU avoids a big-bang enlargement it is not institutionally ready for.\n"
                    "\n"
                    "Arguments against:\n"
                    "- Staged membership could become a permanent waiting room.\n"
                    "- Existing members may use every stage as a veto point.\n\n"
                    "As a Ukrainian, I am torn. Concrete benefits now would help. But I fear that "
                    "a waiting room with comfortable furniture is still a waiting room."
                ),
            },
            {
                "author": "ingrid.h",
                "hours_after": 7.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "But I fear that a waiting room with comfortable furniture is still a "
                        "waiting room."
                    ),
                },
                "body": (
                    "That is a memorable way to put it. From Brussels, the honest answer is that "
                    "the EU itself needs institutional reform before it can absorb several new "
                    "members, especially on unanimity in foreign policy and the size of the "
                    "Commission.\n\n"
                    "Staged membership is partly a way to buy time for that reform. Whether the "
                    "member states will ever agree on it is uncertain."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 15.0,
                "body": (
                    "Turkey is the cautionary tale here. It has been a candidate since 1999, and "
                    "negotiations have been frozen for years. Over time, Turkish public opinion "
                    "went from enthusiastic to indifferent to cynical.\n\n"
                    "If the EU does not want to repeat that with Ukraine and the Balkans, it must "
                    "show that the process can actually end in membership."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 24.0,
                "body": (
                    "France has traditionally been sceptical of enlargement, but the position has "
                    "shifted since 2022. Paris now argues that enlargement is a geopolitical "
                    "necessity, with reform of the EU as a precondition. That is a real change.\n\n"
                    "The French public is less convinced, and there will be pressure to hold "
                    "referendums, which could become a serious obstacle."
                ),
            },
            {
                "author": "okravets",
                "hours_after": 40.0,
                "quote": {
                    "post": 2,
                    "excerpt": (
                        "Over time, Turkish public opinion went from enthusiastic to indifferent "
                        "to cynical."
                    ),
                },
                "body": (
                    "That is exactly the risk for Ukraine. Right now, public support for EU "
                    "membership in Ukraine is very high, because it is tied to the war and to the "
                    "idea of belonging to Europe. If the process drags on for decades, that "
                    "enthusiasm will fade. Elif's point about credibility is the central one."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 60.0,
                "body": (
                    "Poland supports Ukrainian membership in principle, but agriculture and "
                    "transport are sensitive. Polish farmers protested against Ukrainian grain "
                    "imports, and the government responded with restrictions.\n\n"
                    "Staged membership might actually help here, by giving time to manage "
                    "sensitive sectors. But it also gives every interest group a stage at which to "
                    "lobby for delays."
                ),
            },
        ],
    },
    {
        "forum": "europe",
        "title": "Franco-German relationship: engine stalled or just idling?",
        "days_ago": 170.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "cdubois",
                "hours_after": 0.0,
                "body": (
                    'The Franco-German "engine" of European integration has been sputtering for '
                    "some time. Disagreements on energy (nuclear versus renewables), defence "
                    "procurement (buy European versus buy what is available), fiscal rules and "
                    "trade with China have made joint initiatives rare.\n\n"
                    "Some argue the engine is simply obsolete in an EU of 27, where Poland, the "
                    "Nordic countries and the Baltic states have gained influence, especially on "
                    "security.\n\n"
                    "I think that is partly true, but no big EU initiative can succeed against "
                    "French or German opposition. So even if the engine no longer drives the car, "
                    "it can still stop it.\n\n"
                    "What do people from other member states think?"
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 8.0,
                "body": (
                    "From Warsaw: on security, Poland and the Baltic states were right about "
                    "Russia when Paris and Berlin were not, and that has shifted the balance of "
                    "credibility. The Weimar Triangle with France, Germany and Poland has been "
                    "revived partly for this reason.\n\n"
                    "But you are right that France and Germany still have the weight to block."
                ),
            },
            {
                "author": "fhartmann",
                "hours_after": 14.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "So even if the engine no longer drives the car, it can still stop it."
                    ),
                },
                "body": (
                    "Good line. From Berlin, the frustration with Paris is usually about France "
                    "proposing grand visions and expecting Germany to pay. From Paris, the "
                    "frustration with Berlin is about Germany being slow and inward-looking. Both "
                    "caricatures contain some truth, which is why they survive."
                ),
            },
            {
                "author": "ingrid.h",
                "hours_after": 24.0,
                "body": (
                    "As a non-EU citizen living in Brussels, I would say the engine metaphor is "
                    "misleading. The EU now works more through shifting coalitions on each issue: "
                    "Nordic-Baltic on Russia, the southern member states on migration and fiscal "
                    "rules, and so on. France and Germany are the most important nodes, but not "
                    "the only drivers."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 40.0,
                "quote": {
                    "post": 3,
                    "excerpt": (
                        "France and Germany are the most important nodes, but not the only drivers."
                    ),
                },
                "body": (
                    "That is a good correction. Perhaps a network is a better image than an "
                    "engine. In a network, the important nodes are those that connect different "
                    "coalitions, and France and Germany are still the best at that when they "
                    "agree. When they do not, others have to build the bridges, which happens more "
                    "often now."
                ),
            },
        ],
    },
    {
        "forum": "europe",
        "title": "Norway's sovereign wealth fund and ethical exclusions: where to draw the line?",
        "days_ago": 240.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "ingrid.h",
                "hours_after": 0.0,
                "body": (
                    "Norway's oil fund, one of the largest investors in the world, excludes "
                    "companies under ethical guidelines: producers of certain weapons, tobacco, "
                    "severe environmental damage, serious human rights violations and more. "
                    "Exclusions are recommended by an independent ethics council and decided by "
                    "the central bank.\n\n"
                    "Some exclusions have caused diplomatic friction, particularly divestments "
                    "from companies connected to conflicts or to controversial infrastructure. The "
                    "government insists that the fund is independent and that its decisions are "
                    "not foreign policy. Foreign governments do not always see it that way.\n\n"
                    "Where should a fund like this draw the line? Should it follow only clear "
                    "legal standards, or make its own ethical judgements?"
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 10.0,
                "body": (
                    "I think clear legal standards are safer. When a fund makes ethical judgements "
                    "beyond the law, every exclusion looks like a political statement, and its "
                    "independence becomes hard to defend.\n\n"
                    "On the other hand, the law is often slow and many harmful practices are "
                    "technically legal. The ethics council's focus on the risk of contributing to "
                    "serious violations seems a reasonable middle ground."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 30.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Should it follow only clear legal standards, or make its own ethical "
                        "judgements?"
                    ),
                },
                "body": (
                    "From the finance side, there is also the question of effectiveness. "
                    "Divestment by one fund rarely changes a company's behaviour directly, because "
                    "other investors buy the shares. The main effect is signalling.\n\n"
                    "Active ownership, voting and engagement may achieve more, though they are "
                    "less visible. The fund does both, but the exclusions get all the attention."
                ),
            },
        ],
    },
    {
        "forum": "europe",
        "title": "Schengen internal border checks: temporary measures that never end",
        "days_ago": 12.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "fhartmann",
                "hours_after": 0.0,
                "body": (
                    'Germany has extended its "temporary" checks at internal Schengen borders '
                    "again, and it is not alone: several member states have had such checks in "
                    "place for years, renewed every six months with references to migration or "
                    "security threats.\n\n"
                    "The Schengen Borders Code allows temporary checks under specific conditions, "
                    "and the recent reform has made them easier to justify. But the cumulative "
                    "effect is a Schengen area that works less well for commuters, freight and "
                    "tourism.\n\n"
                    "The economic costs are real: delays for trucks, longer commutes in border "
                    "regions and administrative overhead. The security benefit is hard to "
                    "measure.\n\n"
                    "Is this the new normal?"
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 5.0,
                "quote": {"post": 0, "excerpt": "The security benefit is hard to measure."},
                "body": (
                    "Legally, the Court of Justice has ruled that member states cannot simply "
                    "renew checks indefinitely without a new, serious threat. But the Commission "
                    "has been reluctant to take enforcement action, because migration is "
                    "politically explosive.\n\n"
                    "So the law says one thing and practice another. Border regions such as Alsace "
                    "and the Saarland feel it most."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 12.0,
                "body": (
                    "Poland introduced checks on its border with Germany in response to the German "
                    "checks, partly as a political signal. The trucking industry was not amused.\n"
                    "\n"
                    "Schengen was built on trust; once some members start checking, others "
                    "retaliate, and trust erodes. I think this is more corrosive than the "
                    "practical delays."
                ),
            },
            {
                "author": "ingrid.h",
                "hours_after": 20.0,
                "body": (
                    "Norway is in Schengen but not in the EU, and we have had checks on some "
                    "routes for years as well, so I cannot point fingers. My impression is that "
                    "governments use the checks largely for domestic signalling: they want to be "
                    "seen doing something about migration. The effect on actual migration flows "
                    "seems small."
                ),
            },
        ],
    },
    {
        "forum": "asia-pacific",
        "title": "Pacific Islands: security pacts and the scramble for influence",
        "days_ago": 30.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "swright",
                "hours_after": 0.0,
                "body": (
                    "The Pacific Islands have become a focus of competition between China on one "
                    "side and Australia, the US, Japan and New Zealand on the other. Recent years "
                    "have seen security agreements, policing arrangements, new embassies and "
                    "infrastructure funding on an unusual scale.\n\n"
                    "From the Australian perspective, the big shock was the security agreement "
                    "between Solomon Islands and China. Since then Canberra has signed agreements "
                    "with several Pacific states, including one that gives Australia a say over "
                    "its partner's other security arrangements.\n\n"
                    "Pacific leaders, meanwhile, insist that climate change is their main security "
                    "threat and resist being treated as pawns. The Pacific Islands Forum tries to "
                    "maintain a common position, with mixed results."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 5.0,
                "body": (
                    "Japan's role is less visible but growing, through coast guard cooperation, "
                    "fisheries support and infrastructure. The release of treated water from the "
                    "Fukushima plant caused tension with some Pacific states, which shows how "
                    "sensitive ocean issues are in the region. Japanese diplomacy has had to work "
                    "hard to rebuild trust."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 12.0,
                "body": (
                    "France is a Pacific power too, through New Caledonia and French Polynesia. "
                    "The unrest in New Caledonia and the debate about independence are being "
                    "watched closely by its neighbours.\n\n"
                    "Some Pacific states support the independence movement, which complicates "
                    "French efforts to present itself as a regional partner."
                ),
            },
            {
                "author": "swright",
                "hours_after": 20.0,
                "quote": {
                    "post": 2,
                    "excerpt": (
                        "Some Pacific states support the independence movement, which complicates "
                        "French efforts to present itself as a regional partner."
                    ),
                },
                "body": (
                    "Yes, and Australia has to balance its relationship with France against its "
                    "relationships with Pacific states. New Caledonia is close to Australia and "
                    "has important nickel resources. It is one of those issues that Canberra "
                    "prefers not to discuss loudly."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 36.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Pacific leaders, meanwhile, insist that climate change is their main "
                        "security threat and resist being treated as pawns."
                    ),
                },
                "body": (
                    "And they are right. Sea level rise and extreme weather threaten the existence "
                    "of several Pacific states, and adaptation finance is small compared with the "
                    "money spent on security competition.\n\n"
                    "If the big powers want influence in the Pacific, climate finance delivered "
                    "quickly and without complicated conditions would buy more goodwill than "
                    "patrol boats."
                ),
            },
        ],
    },
    {
        "forum": "asia-pacific",
        "title": "India-Japan defence ties: substance or summit theatre?",
        "days_ago": 100.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "priya.nair",
                "hours_after": 0.0,
                "body": (
                    "India and Japan announce closer defence cooperation at almost every summit: "
                    "joint exercises, logistics agreements, talks on co-production. But actual "
                    "co-development projects have been rare, and a long-discussed sale of Japanese "
                    "amphibious aircraft to India never materialised.\n\n"
                    "Why? Part of it is bureaucratic: both defence procurement systems are slow. "
                    "Part of it is strategic: India values autonomy and buys from everyone, "
                    "including Russia, which makes some partners cautious about sharing "
                    "technology.\n\n"
                    "Still, the direction is clear. Both countries are worried about China, both "
                    "are part of the Quad, and both want to diversify their defence relationships. "
                    "Will the substance catch up with the rhetoric?"
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 10.0,
                "body": (
                    "From Tokyo, India is seen as an important partner, but Japan's defence "
                    "industry has little experience of working with foreign partners other than "
                    "the US. The new export rules help.\n\n"
                    "I think the most promising areas are maritime surveillance and shipbuilding, "
                    "where both sides have capabilities and shared interests in the Indian Ocean."
                ),
            },
            {
                "author": "swright",
                "hours_after": 30.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Part of it is strategic: India values autonomy and buys from everyone, "
                        "including Russia, which makes some partners cautious about sharing "
                        "technology."
                    ),
                },
                "body": (
                    "That is the crux. Australia has the same experience with India: strong "
                    "political goodwill, modest practical results. Strategic autonomy is a "
                    "feature, not a bug, from New Delhi's point of view. Partners have to accept "
                    "that India will never be an ally in the treaty sense."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 48.0,
                "body": (
                    "Agreed, Sam. I think the realistic expectation is a network of practical "
                    "agreements without alliance commitments. Logistics agreements that allow "
                    "refuelling and repair at each other's facilities are already operational, and "
                    "that matters in a crisis. It is less spectacular than co-developing a "
                    "fighter, but more useful in practice."
                ),
            },
        ],
    },
    {
        "forum": "asia-pacific",
        "title": "Taiwan Strait: reading the latest exercises without the hype",
        "days_ago": 0.25,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "kwatanabe",
                "hours_after": 0.0,
                "body": (
                    "Another large-scale exercise around Taiwan began this morning, according to "
                    "the announcement by the People's Liberation Army. As usual, the first wave of "
                    'commentary is either "invasion imminent" or "just theatre". Neither is '
                    "helpful.\n\n"
                    "Some questions I find more useful:\n"
                    "- **Where are the exercise zones?** Zones close to ports and shipping lanes "
                    "rehearse a blockade or quarantine scenario.\n"
                    "- **Which forces are involved?** Coast guard participation suggests "
                    "law-enforcement-style control rather than a military blockade.\n"
                    "- **How long does it last?** Short, announced exercises are signalling. "
                    "Longer ones test logistics.\n\n"
                    "I will post updates when the official maps and Taiwan's defence ministry "
                    "figures come out. Please stick to sourced information."
                ),
            },
            {
                "author": "swright",
                "hours_after": 2.5,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Coast guard participation suggests law-enforcement-style control rather "
                        "than a military blockade."
                    ),
                },
                "body": (
                    "This is the scenario many analysts consider most likely in the near term: a "
                    '"quarantine" enforced by the coast guard, inspecting ships bound for '
                    "Taiwan. It would sit below the threshold of war and put the burden of "
                    "escalation on Taiwan and its partners. It is also much harder to respond to "
                    "than a military blockade."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 5.0,
                "body": (
                    "Update: Taiwan's defence ministry reports dozens of aircraft and several "
                    "naval and coast guard vessels around the island. The announced zones are "
                    "close to the northern and southern ports. Japanese officials say they are "
                    "monitoring the situation near the southwestern islands.\n\n"
                    "So far there is no unusual behaviour by commercial shipping, and insurance "
                    "markets are calm. I will update again this evening."
                ),
            },
        ],
    },
    {
        "forum": "asia-pacific",
        "title": "Indonesia's new capital: still happening?",
        "days_ago": 200.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "priya.nair",
                "hours_after": 0.0,
                "body": (
                    "Indonesia's plan to move its capital from Jakarta to Nusantara in East "
                    "Kalimantan was one of the most ambitious infrastructure projects in the "
                    "world. Progress has been slower than planned: some government buildings are "
                    "finished, but private investment has been limited and the current "
                    "administration seems less enthusiastic.\n\n"
                    "Jakarta's problems have not gone away: it is sinking, congested and "
                    "vulnerable to flooding. So the rationale remains. The question is whether the "
                    "financing is there.\n\n"
                    "Anyone following this closely?"
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 20.0,
                "body": (
                    "Japanese companies were approached for investment, but most preferred to wait "
                    "and see. Investors want to know whether the government is fully committed, "
                    "and mixed signals have not helped.\n\n"
                    "A capital city needs civil servants, schools and hospitals before businesses "
                    "follow. That sequencing seems to be the problem."
                ),
            },
            {
                "author": "lmoreira",
                "hours_after": 45.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Jakarta's problems have not gone away: it is sinking, congested and "
                        "vulnerable to flooding."
                    ),
                },
                "body": (
                    "Brasília is the obvious comparison. It was built quickly in the late 1950s, "
                    "criticised for decades, and eventually became a real city, though it took a "
                    "generation. The difference is that Brazil's government was fully committed at "
                    "the time. A half-built capital is the worst outcome, and that is the risk for "
                    "Nusantara."
                ),
            },
        ],
    },
    {
        "forum": "asia-pacific",
        "title": "Bangladesh's garment sector after the minimum wage settlement",
        "days_ago": 55.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "priya.nair",
                "hours_after": 0.0,
                "body": (
                    "Bangladesh raised the minimum wage for garment workers after protests, but "
                    "the increase fell well short of what unions demanded. The garment industry is "
                    "the backbone of the economy and accounts for the large majority of exports.\n"
                    "\n"
                    "The dilemma: higher wages improve living standards and reduce unrest, but "
                    "buyers from Europe and the US are extremely price-sensitive and can move "
                    "orders to Vietnam, Cambodia or elsewhere. Factory owners argue that margins "
                    "are already thin.\n\n"
                    "The EU's due diligence rules and Bangladesh's graduation from "
                    "least-developed-country status, which will end some tariff preferences, add "
                    "pressure. I think the sector needs to move up the value chain, but that "
                    "requires investment in skills and technology."
                ),
            },
            {
                "author": "gwanjiru",
                "hours_after": 10.0,
                "quote": {
                    "post": 0,
                    "excerpt": "Factory owners argue that margins are already thin.",
                },
                "body": (
                    "Kenya and Ethiopia have tried to attract garment factories with preferential "
                    "access to the US market. The risk is that we become the next low-wage "
                    "destination, competing on the same terms.\n\n"
                    "If the brands paid slightly more per garment, the wage problem could be "
                    "solved without factories closing. The extra cost per item would barely be "
                    "noticed by consumers."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 30.0,
                "body": (
                    "That is the argument unions and campaigners make, and I think the numbers "
                    "support it: labour is a small share of the retail price. The problem is "
                    "coordination. No single brand wants to pay more if its competitors do not.\n\n"
                    "Binding agreements between brands and unions, like the building safety accord "
                    "signed after the factory collapse, have shown that coordination is possible."
                ),
            },
        ],
    },
    {
        "forum": "middle-east-africa",
        "title": "Gulf investment in African ports: mapping the strategy",
        "days_ago": 4.2,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "gwanjiru",
                "hours_after": 0.0,
                "body": (
                    "Gulf states, especially the UAE, have invested heavily in African ports over "
                    "the past decade, from Berbera and Dar es Salaam to Dakar and Egypt's Red Sea "
                    "coast. The investments usually go through state-linked port operators and "
                    "often come with logistics zones and other infrastructure.\n\n"
                    "Why ports? They combine commercial returns with strategic influence. A port "
                    "operator knows what goes in and out, and it has relationships with "
                    "governments that outlast political changes.\n\n"
                    "For African governments the deals bring capital and expertise that are "
                    "otherwise scarce. But there have been controversies over transparency, long "
                    "concession periods and the role of Gulf states in local politics.\n\n"
                    'Is this the new "scramble for Africa", or simply a normal commercial story?'
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 8.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        'Is this the new "scramble for Africa", or simply a normal commercial '
                        "story?"
                    ),
                },
                "body": (
                    'A bit of both, and I think the "scramble" framing is overused. African '
                    "governments are not passive; many play Gulf, Chinese, Turkish and European "
                    "investors against each other.\n\n"
                    "The problem is not foreign investment but weak negotiating capacity and "
                    "opaque contracts. A thirty-year concession negotiated behind closed doors is "
                    "a problem regardless of who the investor is."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 16.0,
                "body": (
                    "Turkey has been competing in the same space, with port and airport projects "
                    "in Somalia and elsewhere. There is a Gulf-Turkish rivalry in the Horn of "
                    "Africa that sometimes aligns with local political factions, and Somalia's "
                    "federal government and regional states have been pulled in different "
                    "directions by these relationships."
                ),
            },
            {
                "author": "gwanjiru",
                "hours_after": 30.0,
                "body": (
                    "Tunde, I agree that governments are not passive, but negotiating power varies "
                    "a lot. Tanzania's port deal caused a huge public debate precisely because of "
                    "the contract terms, and that debate was healthy.\n\n"
                    "Where parliaments and the media can scrutinise deals, the outcomes tend to be "
                    "better. Where they cannot, the investor usually gets the better terms."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 50.0,
                "body": (
                    "From the shipping side, the quality of port operations matters hugely for "
                    "trade costs. Some of these Gulf-run terminals are among the most efficient in "
                    "Africa, and shipping lines like them.\n\n"
                    "Efficiency gains can outweigh the downsides if the contracts are fair. So I "
                    "would focus on the contract terms and the regulation, as you both say, rather "
                    "than the investor's nationality."
                ),
            },
        ],
    },
    {
        "forum": "middle-east-africa",
        "title": "Ethiopia's push for sea access, and regional nerves",
        "days_ago": 120.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "elif_y",
                "hours_after": 0.0,
                "body": (
                    "Ethiopia, the most populous landlocked country in the world, has made access "
                    "to the sea an explicit strategic goal, and its government has described it as "
                    "an existential issue. A memorandum of understanding with Somaliland about a "
                    "naval base and port access caused a serious crisis with Somalia, which sees "
                    "it as a violation of its sovereignty.\n\n"
                    "Turkey mediated between Ethiopia and Somalia and secured a joint declaration. "
                    "But the underlying issue remains: Ethiopia depends on Djibouti for most of "
                    "its trade and wants alternatives.\n\n"
                    "Why does this matter beyond the Horn? The Red Sea is already unstable, and a "
                    "new dispute involving Eritrea, Somalia and Ethiopia could draw in Egypt, the "
                    "Gulf states and Turkey."
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 8.0,
                "body": (
                    "Landlocked countries across Africa face the same problem: high trade costs "
                    "and dependence on a neighbour's port. The continental free trade agreement "
                    "should help with transit rules, but implementation is slow.\n\n"
                    "Ethiopia's ambition for a navy is another matter. That is not about trade; it "
                    "is about status and security."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 20.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "A memorandum of understanding with Somaliland about a naval base and port "
                        "access caused a serious crisis with Somalia, which sees it as a violation "
                        "of its sovereignty."
                    ),
                },
                "body": (
                    "Somaliland is not recognised as a state by any UN member, so any agreement "
                    "that implies recognition is a problem for Somalia and for the African Union, "
                    "which is strongly attached to existing borders. The AU principle of "
                    "respecting the borders inherited at independence has prevented many "
                    "conflicts, and nobody wants to weaken it."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 36.0,
                "body": (
                    "Claire is right that this is the core of the AU's concern. Turkey's mediation "
                    "worked because it framed the solution as commercial access through Somalia, "
                    "which respects sovereignty while giving Ethiopia a path to the sea.\n\n"
                    "Whether the technical talks produce anything concrete is another matter. I am "
                    "cautiously optimistic, but not more than that."
                ),
            },
        ],
    },
    {
        "forum": "middle-east-africa",
        "title": "Iraq's Development Road: trade corridor or mirage?",
        "days_ago": 180.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "elif_y",
                "hours_after": 0.0,
                "body": (
                    "Iraq's Development Road project aims to connect the port of Grand Faw in the "
                    "Gulf with the Turkish border through a railway and motorway, and from there "
                    "to Europe. Turkey, Qatar and the UAE have signed up to support it.\n\n"
                    "The pitch: a faster route between the Gulf and Europe than the Suez Canal for "
                    "some goods, and economic development for Iraq.\n\n"
                    "The scepticism:\n"
                    "- Security along the route, which crosses several very different regions.\n"
                    "- The cost, estimated in the tens of billions of dollars.\n"
                    "- Competition from other corridors, including the India-Middle East-Europe "
                    "corridor.\n\n"
                    "For Turkey, it is part of a broader ambition to be a transit hub between Asia "
                    "and Europe."
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 15.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Competition from other corridors, including the India-Middle East-Europe "
                        "corridor."
                    ),
                },
                "body": (
                    "Corridors are announced far more often than they are built. Each one has "
                    "diplomatic value, because it signals alignment, but the trade economics "
                    "require volume, efficient customs and reliable security.\n\n"
                    "Rail between the Gulf and Europe would need multiple border crossings, each "
                    "adding delay. Ships are hard to beat for bulk and containers."
                ),
            },
            {
                "author": "kwatanabe",
                "hours_after": 40.0,
                "body": (
                    "Priya is right that ships are hard to beat. A large container ship carries "
                    "thousands of boxes at a very low cost per unit, and rail corridors work best "
                    "for time-sensitive cargo of moderate volume.\n\n"
                    "But the Red Sea crisis has made shippers more interested in alternatives, "
                    "even expensive ones. Diversification has value in itself, so corridors like "
                    "this may find a niche."
                ),
            },
        ],
    },
    {
        "forum": "middle-east-africa",
        "title": "Lessons from the Kenya-led security mission for future African deployments",
        "days_ago": 45.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "gwanjiru",
                "hours_after": 0.0,
                "body": (
                    "Kenya agreed to lead a multinational security support mission outside Africa, "
                    "authorised by the UN Security Council but not run as a UN peacekeeping "
                    "operation. Funding came through voluntary contributions, and the mission has "
                    "faced shortages of personnel, equipment and money.\n\n"
                    "Lessons so far, from a Kenyan perspective:\n"
                    "1. **Funding by voluntary contributions is unreliable.** Planning becomes "
                    "impossible when money arrives late or not at all.\n"
                    "2. **Domestic politics matter.** The deployment was challenged in Kenyan "
                    "courts and debated intensely.\n"
                    "3. **Mandates must match resources.** A small force cannot stabilise a large "
                    "area controlled by armed groups.\n\n"
                    "As African countries take on more security missions, these lessons matter. "
                    "The AU has argued for access to UN assessed contributions for AU-led "
                    "missions, and the Security Council has agreed in principle."
                ),
            },
            {
                "author": "tadeyemi",
                "hours_after": 8.0,
                "quote": {
                    "post": 0,
                    "excerpt": "Planning becomes impossible when money arrives late or not at all.",
                },
                "body": (
                    "This is also the ECOWAS experience. Regional standby forces exist on paper, "
                    "but funding for actual deployments always runs short.\n\n"
                    "The agreement in principle on UN assessed contributions was a real step, but "
                    "the details (how much, for which missions and with what oversight) are still "
                    "being negotiated."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 18.0,
                "body": (
                    "The legal structure matters a lot. A UN peacekeeping mission comes with a "
                    "standard framework for command, status of forces and accountability. Non-UN "
                    "missions authorised by the Council have to build all of that from scratch. "
                    "That takes time and leaves gaps, particularly in accountability for "
                    "misconduct, which has damaged many missions in the past."
                ),
            },
            {
                "author": "gwanjiru",
                "hours_after": 30.0,
                "quote": {
                    "post": 2,
                    "excerpt": (
                        "Non-UN missions authorised by the Council have to build all of that from "
                        "scratch."
                    ),
                },
                "body": (
                    "Exactly. Kenya had to negotiate the status of forces agreement, rules of "
                    "engagement and logistics separately, while under public pressure to deploy "
                    "quickly. A standard template for Council-authorised missions would save "
                    "months, and it is a practical reform that needs no change to the Charter."
                ),
            },
        ],
    },
    {
        "forum": "americas",
        "title": "Chile's lithium model: state control through partnerships",
        "days_ago": 70.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "lmoreira",
                "hours_after": 0.0,
                "body": (
                    "Chile's national lithium strategy requires new projects in strategic salt "
                    "flats to be developed as partnerships with majority state participation. The "
                    "biggest deal so far pairs the state copper company with the country's largest "
                    "private lithium producer.\n\n"
                    "Supporters say it secures a fair share of the resource rent for the state "
                    "while keeping private expertise. Critics, mainly in the industry, say it "
                    "discourages investment at a time when competitors in Argentina and Australia "
                    "are expanding fast.\n\n"
                    "Argentina, by contrast, has a much more open approach, with provinces "
                    "controlling resources and offering generous terms. Bolivia has the largest "
                    "resources on paper but very little production.\n\n"
                    "Which model will produce more benefit for the countries involved?"
                ),
            },
            {
                "author": "priya.nair",
                "hours_after": 8.0,
                "body": (
                    "The comparison is fascinating because it is almost a natural experiment. "
                    "Argentina attracts more investment now, but the fiscal benefits are smaller "
                    "and less stable. Chile captures more per tonne, but may produce fewer "
                    "tonnes.\n\n"
                    "The outcome depends on the price of lithium, which has been very volatile. At "
                    "low prices, investors care most about terms; at high prices, any model "
                    "attracts capital."
                ),
            },
            {
                "author": "gwanjiru",
                "hours_after": 20.0,
                "body": (
                    "Africa is having the same debate about critical minerals. Zimbabwe has "
                    "restricted exports of raw lithium ore to force local processing, and the DRC "
                    "wants more value from its cobalt.\n\n"
                    "The question is always the same: how much can a government demand before "
                    "investors go elsewhere? Chile's experience will be watched closely on this "
                    "continent."
                ),
            },
            {
                "author": "lmoreira",
                "hours_after": 30.0,
                "quote": {
                    "post": 1,
                    "excerpt": (
                        "At low prices, investors care most about terms; at high prices, any model "
                        "attracts capital."
                    ),
                },
                "body": (
                    "That matches what I see in the market. When lithium prices collapsed, several "
                    "projects in Argentina were delayed despite the generous terms. Chile's "
                    "partnership model looked less costly in that environment, because production "
                    "was already running. But nobody can predict prices over a thirty-year "
                    "project, so governments should design models that work in both conditions."
                ),
            },
            {
                "author": "swright",
                "hours_after": 50.0,
                "body": (
                    "Australia is the other major producer, with a very market-based model. Most "
                    "Australian lithium is exported as concentrate to China for processing. The "
                    "government has tried to encourage domestic processing with subsidies, but "
                    "costs are high.\n\n"
                    "So even the market model ends up with industrial policy on top. Every "
                    "producing country is trying to move up the value chain; few have succeeded so "
                    "far."
                ),
            },
        ],
    },
    {
        "forum": "americas",
        "title": "EU-Mercosur agreement: the ratification fight moves to national parliaments",
        "days_ago": 2.3,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "lmoreira",
                "hours_after": 0.0,
                "body": (
                    "After more than two decades of negotiation, the EU-Mercosur trade agreement "
                    "is moving through ratification, and the fight has shifted to national "
                    "parliaments and farmers' organisations.\n\n"
                    "The core of the deal: lower tariffs on European cars, machinery and wine "
                    "going to Mercosur, and quotas for South American beef, poultry, sugar and "
                    "ethanol coming to Europe, plus commitments on deforestation tied to the Paris "
                    "Agreement.\n\n"
                    "Opposition in Europe comes from farmers, especially in France, Ireland and "
                    "Poland, and from environmental groups. In South America, some industries fear "
                    "European competition.\n\n"
                    "From a Brazilian perspective, the deal is mostly about diversification: "
                    "reducing dependence on China as the main export market. I suspect the way the "
                    "text is split between a trade part and a political part will decide whether "
                    "it survives."
                ),
            },
            {
                "author": "cdubois",
                "hours_after": 6.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "Opposition in Europe comes from farmers, especially in France, Ireland "
                        "and Poland, and from environmental groups."
                    ),
                },
                "body": (
                    "The French opposition is nearly unanimous in parliament, which is unusual. "
                    "Farmers argue that imports will not meet the same standards on pesticides and "
                    'animal welfare, and the government has demanded "mirror clauses".\n\n'
                    "Honestly, I think much of this is about the political weight of French "
                    "farmers, more than about the actual volumes, which are limited by the quotas."
                ),
            },
            {
                "author": "mkowalczyk",
                "hours_after": 14.0,
                "body": (
                    "Polish farmers are equally opposed, and the government has followed them. It "
                    "is an interesting contrast with Polish industry, which would benefit from "
                    "access to South American markets.\n\n"
                    "Agriculture has political weight far beyond its economic share in most EU "
                    "countries, and that will not change soon."
                ),
            },
            {
                "author": "lmoreira",
                "hours_after": 30.0,
                "quote": {
                    "post": 1,
                    "excerpt": (
                        "Honestly, I think much of this is about the political weight of French "
                        "farmers, more than about the actual volumes, which are limited by the "
                        "quotas."
                    ),
                },
                "body": (
                    "That is how it looks from Brazil too. The beef quota is a small share of EU "
                    "consumption. Meanwhile, Brazilian exporters have been expanding in Asia and "
                    "the Middle East.\n\n"
                    "If Europe rejects the deal, Mercosur will continue to trade; it will just be "
                    "less connected to Europe. That is the real strategic cost."
                ),
            },
        ],
    },
    {
        "forum": "americas",
        "title": "Panama Canal drought restrictions: lasting effects on trade routes",
        "days_ago": 320.0,
        "pinned": False,
        "locked": False,
        "posts": [
            {
                "author": "kwatanabe",
                "hours_after": 0.0,
                "body": (
                    "The recent drought forced the Panama Canal Authority to restrict the number "
                    "of daily transits and the maximum draught of ships, because the canal depends "
                    "on fresh water from Gatun Lake. Queues formed on both sides, and some "
                    "shipping lines diverted to Suez or to US West Coast ports with rail "
                    "connections.\n\n"
                    "Conditions have improved with the rains, and transits are recovering. But the "
                    "episode raised questions about the long-term reliability of the canal under "
                    "climate change. The authority is planning a new reservoir, which is "
                    "controversial because it would displace communities.\n\n"
                    "For Asian exporters of LNG and cars to the US East Coast, the canal is "
                    "critical. Japanese shipping companies are now factoring drought risk into "
                    "their planning."
                ),
            },
            {
                "author": "lmoreira",
                "hours_after": 24.0,
                "body": (
                    "The drought hit South American grain exports to Asia too, because some "
                    "cargoes use the canal and bulk carriers were diverted. The canal is more "
                    "important to South American trade than many people think.\n\n"
                    "A new reservoir is probably necessary, but compensation and resettlement have "
                    "to be handled fairly, or it will become a political fight in Panama."
                ),
            },
            {
                "author": "elif_y",
                "hours_after": 60.0,
                "quote": {
                    "post": 0,
                    "excerpt": (
                        "But the episode raised questions about the long-term reliability of the "
                        "canal under climate change."
                    ),
                },
                "body": (
                    "Chokepoints are under stress everywhere: the Panama Canal from drought, Suez "
                    "and the Red Sea from conflict, the Turkish Straits from congestion. For "
                    "global trade this means longer routes and higher costs. For countries that "
                    "control chokepoints, it means more leverage but also more responsibility."
                ),
            },
        ],
    },
]

NEWS_THREAD: dict[str, Any] = {
    "forum": "news-current-events",
    "title": "Red Sea states and flag registries agree draft shipping security framework in Geneva",
    "days_ago": 0.6,
    "pinned": False,
    "locked": False,
    "posts": [
        {
            "author": "kwatanabe",
            "hours_after": 0.0,
            "body": (
                "By Annika Solberg and Rafael Okonjo\n\n"
                "GENEVA, Nov 23 (Meridian Wire) - Representatives of eleven coastal and flag "
                "states agreed on Monday on a draft framework to share the cost of naval escorts "
                "and war-risk insurance for merchant ships in the Red Sea, the first multilateral "
                "attempt to bring commercial traffic back to one of the world's busiest trade "
                "routes.\n\n"
                "The draft, seen by Meridian Wire, would create a pooled insurance facility backed "
                "by participating governments and a joint coordination centre to schedule escorted "
                "convoys through the Bab el-Mandeb strait. It must still be approved by national "
                "governments, a process officials said could take several months.\n\n"
                '"This is not a peace agreement and nobody should pretend it is," said Henrik '
                'Aalberg, the Norwegian diplomat who chaired the talks. "But it gives shipowners '
                "a reason to come back, and it spreads the cost more fairly than the current "
                'arrangements."\n\n'
                "Under the draft, governments would contribute to a reserve fund covering losses "
                "above a set threshold, lowering the premiums that commercial insurers charge for "
                "voyages through the area. Premiums reached as much as one percent of a vessel's "
                "hull value per transit during the worst periods of the crisis, according to "
                "industry estimates.\n\n"
                "The facility would be open to ships of any flag that agree to follow convoy "
                "schedules and share real-time position data with the coordination centre. Vessels "
                "linked to sanctioned entities would be excluded.\n\n"
                "Two of the largest flag registries by tonnage took part in the talks, officials "
                "said, but several major shipping nations attended only as observers. China and "
                "India were not represented at the ministerial session.\n\n"
                '"Without the largest trading nations on board, the pool will be too small to '
                "move the market,\" said Leila Mansour, head of risk at the Maritime Underwriters' "
                'Council, an industry body that advised the delegations. "The design is sensible. '
                'The question is scale."\n\n'
                "Egyptian officials, whose Suez Canal revenues have fallen sharply since attacks "
                "on shipping began, welcomed the draft. A senior Egyptian delegate, speaking on "
                "condition of anonymity because he was not authorised to brief the media, said "
                'Cairo would "consider participating in the coordination centre" but had not '
                "decided on a financial contribution.\n\n"
                "Naval officials have warned that escort capacity remains limited. A European "
                "naval commander involved in current operations told Meridian Wire last month that "
                'the number of available warships was "the binding constraint" on any expansion '
                "of convoys.\n\n"
                "The draft does not address the underlying conflict and contains no provisions on "
                "contacts with the armed groups that have attacked ships. Aalberg said the "
                "omission was deliberate.\n\n"
                '"We are solving the problem we can solve," he said. "The political questions '
                'belong in other rooms."\n\n'
                "Delegates will reconvene in January to finalise the text, according to a closing "
                "statement.\n\n"
                "(Reporting by Annika Solberg in Geneva and Rafael Okonjo in Cairo; Editing by "
                "Pieter Vandamme)\n\n"
                "MW-DIPL-20261123-0147"
            ),
        },
        {
            "author": "fhartmann",
            "hours_after": 1.5,
            "quote": {
                "post": 0,
                "excerpt": (
                    "Two of the largest flag registries by tonnage took part in the talks, "
                    "officials said, but several major shipping nations attended only as observers."
                ),
            },
            "body": (
                "Three questions, because the article leaves out the parts that decide whether "
                "this matters:\n\n"
                "1. How big is the government reserve fund, and is there a cap? A pool that covers "
                '"losses above a set threshold" could be anything from symbolic to meaningful.\n'
                "2. Which two registries? If they are the big open registries, that is "
                "significant, because a large share of the world fleet flies those flags. If not, "
                "it matters much less.\n"
                "3. What happens to the shared position data? Sending real-time positions to a "
                "coordination centre makes sense for convoy planning, but it is also a target list "
                "if it leaks."
            ),
        },
        {
            "author": "kwatanabe",
            "hours_after": 3.2,
            "quote": {"post": 1, "excerpt": None},
            "body": (
                "Taking these in order, based on the summary circulated to industry and on what I "
                "hear from people in the market:\n\n"
                "1. **Size and cap.** The figure under discussion is a reserve in the low billions "
                "of dollars, with a cap per incident. That is meaningful for hull losses, which "
                "are rare, but not for a major pollution incident. The cap is the most contested "
                "element.\n"
                "2. **Registries.** My understanding is that they are two of the big open "
                "registries. That explains why officials sound so positive: those flags cover a "
                "very large share of the tonnage that used to transit the Red Sea. But shipowners "
                "and charterers decide routes, not registries, so it is necessary but not "
                "sufficient.\n"
                "3. **Position data.** Fair worry. The draft reportedly routes the data only to "
                "the naval coordination centre, with no commercial access, which is how existing "
                "voluntary reporting schemes already work. The risk is real, but ships in the area "
                "are already visible on AIS unless they switch it off, and most do not."
            ),
        },
        {
            "author": "elif_y",
            "hours_after": 6.0,
            "body": (
                "The Egyptian position is the interesting part of this story. Cairo wants traffic "
                "back more than anyone, but paying into the fund could look like taking sides in "
                "the wider conflict, which it has carefully avoided.\n\n"
                "Joining the coordination centre without paying is the classic middle path. I "
                "would expect similar positions from the Gulf states that attended as observers."
            ),
        },
        {
            "author": "cdubois",
            "hours_after": 9.5,
            "quote": {
                "post": 0,
                "excerpt": "Vessels linked to sanctioned entities would be excluded.",
            },
            "body": (
                "One legal point. A government-backed pool that excludes ships linked to "
                "sanctioned entities effectively extends the participants' sanctions lists to "
                "anyone who wants cover. That is not necessarily wrong, but states that do not "
                "share those lists, including some in the region, will see the pool as a coalition "
                "instrument rather than a neutral safety scheme. That may explain some of the "
                "observers."
            ),
        },
    ],
}
