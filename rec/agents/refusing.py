"""Words and phrases that refuse: what calls a thing bad after it ("horror is rubbish"), what refuses what follows
("spare me", "steer clear of", "no", "without"), what bars it in an official's words ("is to be avoided") and what
is done with an item that fails a condition ("he'll switch it off"). `agents/polarity.py` reads a value's polarity
with them; `agents/negation.py` reads a bound's.
"""

from __future__ import annotations

import re

from rec.agents.phrases import SOFTLY

# What calls a thing bad, said after it: "horror is rubbish", "anything after 1970 is rubbish", "se7en was boring"
BAD_ADJECTIVES = r"awful|terrible|boring|overrated|dull|dire|unwatchable|useless"
# said of something, never before it: slang too ("children's films are well mid", "a bit naff")
BAD = (rf"{BAD_ADJECTIVES}|rubbish|garbage|trash|the worst|crap|a waste of (?:time|money|space)|naff|lame|mid|pish"
       r"|an?\s+(?:nightmare|pain|faff|hassle|disaster|joke)"          # "silk is a nightmare to wash"
       r"|no\s+(?:good|use)|not\s+(?:any\s+|much\s+)?good")        # "silk is no good either"
JUDGED_BAD = re.compile(r"\s*(?:films?\s+|movies?\s+|ones\s+|stuff\s+)?(?:is|are|was|were|s|re)\s+(?:(?:so|really|"
                        r"absolutely|just|pretty|mostly|all|usually|total|utter|well|proper|dead|a\s+bit|kinda|kind\s+of"
                        rf"|a\s+little|bloody)\s+)?(?:{BAD})\b"
                        # "anything below fifty looks cheap", "polyester always feels tacky"
                        r"|\s*(?:is|are|was|were|s)\s+(?:probably\s+)?(?:the\s+(?:problem|issue|culprit)|to\s+blame)\b"
                        # "canvas was the problem"; "the songs are sooo long": a complaint said with a stretched "so"
                        r"|\s*(?:is|are|was|were|s|re)\s+s+o+\s+(?:long|slow|loud|annoying|cheesy|sappy|soppy|grim"
                        r"|depressing|repetitive|drawn\s+out)\b"
                        r"|\s*(?:(?:always|just|usually|all|often)\s+)?(?:looks?|looked|feels?|felt|seems?|seemed)\s+"
                        r"(?:(?:so|really|too|pretty|very|kind of|kinda|a bit|a little)\s+)?"
                        rf"(?:cheap|tacky|nasty|naff|tatty|flimsy|trashy|ancient|dated|{BAD})\b"    # "feels ancient"
                        # what it does to the wearer: "polyester makes him itch", "wool scarves make my neck itch"
                        r"|\s*(?:[a-z]+\s+)?(?:(?:always|just|usually|really)\s+)?(?:makes?|made|gives?|brings?)\s+(?:me|him|her|them|us"
                        r"|(?:my|his|her|their)\s+[a-z]+)\s+(?:(?:so|really|all)\s+)?(?:itch|itchy|sweat|sweaty|sneeze|sick|ill|queasy|scratch|a\s+rash"
                        r"|out\s+in\s+(?:a\s+)?(?:rash|hives|spots)|break\s+out|miserable|cringe|nauseous)\b"
                        # "the 60s stuff bores me to tears", "westerns bore him stiff"
                        r"|\s*(?:(?:films?|movies?|ones|stuff)\s+)?(?:(?:always|just|really|usually)\s+)?(?:bores?|bored)\s+"
                        r"(?:me|him|her|us|them)\b"
                        # "anything with romance in it will just set her off"
                        r"|\s*(?:in\s+it\s+)?(?:(?:will|would|ll|d|just|always|only|really)\s+)*(?:sets?|setting)\s+"
                        r"(?:me|him|her|them|us)\s+off\b")
# Leaving something out: "leave out anything with fewer than 30 ratings"
LEAVE_OUT = (r"(?:leave|leaving|keep|keeping|cut|cutting|rule[sd]?|ruling|count|take|taking|filter(?:s|ed|ing)?"
              r"|weed(?:s|ed|ing)?|screen(?:s|ed|ing)?)\s+out")     # "filter out anything with year < 1980"
# No one of the audience standing it: "none of us can stand anything rated under 3.5", "nobody here likes musicals",
_NOBODY = (r"(?:none of (?:us|them|you|the \w+)|nobody|no one|no-one|neither of (?:us|them))(?: here| else"
           r"| in (?:this|the|my|our) \w+| at home)?"      # "ain't nobody in this house tryna watch a musical"
           r" (?:(?:can|could|will|would|really|ever|even) )*(?:(?:wants?|wanna|tryna|trying|tries|going|gonna|needs?"
           r"|likes?) (?:to )?)?(?:stand|bear|stomach|handle|abide|tolerate|sit through|see"
           r"|likes?|wants?|enjoys?|fancy|fancies|(?:is|are) into|wear|watch)"      # "refuses to sit through":
           r"|(?:refus(?:e|es|ed|ing) to|(?:wo|ca|will|can|could|would) ?not) (?:even )?sit through")
# Phrases that refuse what follows them, values and bounds alike ("steer clear of romance", "spare me anything
# rated below three stars"); the single words are `REFUSAL`
REFUSING = (r"spare me|steer(?:s|ed|ing)? (?:well |way |right )?clear of|(?:stay|keep)(?:s|ing)? (?:well )?away from"
            rf"|not {SOFTLY}(?:in the mood for|up for|keen on|fond of|a fan of|into|big on|feeling"
            r"|mad about|crazy about|wild about|sold on)"
            r"|(?:so |really )?(?:sick|tired) (?:to death )?of|tired from|fed up (?:of|with)|bored (?:of|with)"
            r"|(?:had )?enough of|had (?:my|his|her|our|their|your) fill of"     # a learner's "tired from romance";
            #                                                                      "Dad's had his fill of westerns"
            r"|had it (?:up to here )?with|draw(?:s|ing)? the line at"      # "had it with war films, honestly"
            r"|none of (?:them|these|those|the [a-z]+) (?:shall|should|can|may|must|will|is to|are to|ought to) be"
            r"|not (?:want|need|like|have) (?:it|them|this|that|this one|that one|the film|the movie|the thing)"
            r" to (?:be|feel like|turn into)"      # "I don't want it to be a heavy drama"
            r"|(?:burnt|burned|worn) out on|overdosed on|o ?d d on"     # "I'm burnt out on heavy dramas"
            r"|roll(?:s|ed)? (?:his|her|their|my|our) eyes at"        # "he rolls his eyes at anything romantic"
            r"|(?:drop|remove|ditch|lose|cut|scrap|bin)\s+(?:anything|everything|all|any|the ones|those|stuff)"
            r"|too (?:old|big|grown up|grown|mature|cool) for"         # "she's too old for animated stuff"
            r"|(?:have |ve |has |s |had |d )?(?:outgrown|grown out of)"     # "they've outgrown animation"
            r"|allergic to|(?:react|reacts|reacted|reacting) (?:badly |terribly )?to|intolerant (?:of|to)"
            r"|(?:would|d|will|ll) (?:roast|boil|bake|cook|melt|die|sweat|suffocate|overheat|freeze) in"   # "I'd roast
            #                                                                                          in polyester"
            r"|(?:a |the )?(?:straight )?red card (?:for|to)|relegate"      # a fan's "red card for anything romantic"
            # what distresses someone: "mum gets upset by war films", "he's terrified of horror"
            r"|(?:upset|distressed|disturbed|traumati[sz]ed|freaked out|spooked|frightened|triggered) (?:by|at|with)"
            r"|(?:scared|afraid|frightened|terrified) (?:of|by)"
            r"|(?:ca not|can not|cannot|cant|could not|couldnt) be (?:doing|bothered|dealing) with"   # "can't be
            #                                                                                     doing with sci-fi"
            r"|(?:nothing|not (?:have |want |do |be doing )?anything|none of it)\s+(?:(?:at all|whatever|whatsoever)"
            r"\s+)?to do with"    # "a drama, nothing (whatever) to do with war", "not have anything to do with"
            r"|(?:(?<=[|,]\s)|(?<=\band\s)|(?<=\bbut\s))hold the"     # an order's "action flick, hold the sci-fi"
            r"|(?:(?<=[|,]\s)|(?<=\band\s)|(?<=\bbut\s))bar(?: the| any| anything)?"     # "thrillers, bar the horror
            r"|save for(?: the| any| anything)?|with the exception of(?: the| any)?|except for(?: the| any)?"   # ones"
            rf"|(?:{LEAVE_OUT}|cut out|keep out)\s+(?:anything|everything|all|any)\s+(?:to do with|involving|about)"
            r"|(?:do not|don't|dont|never) (?:even )?bother (?:with|showing(?: me| us)?)"   # "don't bother with"
            r"|(?:sworn|swore|swears?) off|(?:has |have |had )?(?:banned|vetoed)"   # "sworn off denim", "banned horror"
            r"|(?:a |hard |big )?pass on|the last thing (?:i|we|he|she|they) (?:need|want|needs|wants)(?: right now"
            rf"| now)? is|{LEAVE_OUT}|{_NOBODY}"     # "the exclusion of horror is requested", "she will not be seen
            r"|(?:the\s+)?(?:exclusion|avoidance|omission) of(?: anything| any| all| the)?"     # in pink"
            r"|(?:not|never) be (?:seen|caught)(?: dead)? (?:in|wearing)"
            # giving up on a thing: "bail on romance" (a surfer's), "I fold on horror" (a card player's), "I'm out on
            # anything about a war", "keep it clean of horror"
            r"|(?:bail(?:s|ed|ing)?|fold(?:s|ed|ing)?) on"
            r"|(?:(?:i|we|he|she)\s+(?:m|re|s|am|are|is)|im|count\s+(?:me|us))\s+out\s+on|(?:clean|free) of")
# ... found anywhere in a text: a bound's clause (`negation`), the words no meaning link reads (`links`)
REFUSING_IN = re.compile(rf"\b(?:{REFUSING})\b")
# Being past a thing, for values only ("over 100" is a bound): "they're over cartoons", "i'm so done with crime ones",
# New England's "I'm all set with westerns" (no more wanted),
# "so done w the streetwear look" (the normalised words: "they re over", "he over" for "he's over")
PAST_IT = (r"(?:\b(?:i|we|they|he|she|you|im)\s+(?:m\s+|re\s+|am\s+|are\s+|is\s+|was\s+|were\s+)?|\b(?:so|totally"
            r"|completely|well|really|kinda|pretty|just)\s+)(?:over(?:\s+with)?|done\s+(?:with|w)|all\s+set\s+with)"
            r"|(?:^|(?<=\|\s))done\s+with")     # a clause's first words: "done with westerns, give me action"
# What adds a value to the one before, with its polarity: "wool, not to mention under 80", "not X, let alone Y"
ADDED = r"not\s+to\s+mention|let\s+alone|much\s+less|still\s+less|far\s+less"
# Not to be had, in an official's words: "is to be kept out of it", "are not to be included in the selection"
NOT_TO_BE = (r"to\s+be\s+(?:avoided|excluded|omitted|(?:kept|left)\s+out(?:\s+of\s+(?:it|this|that|them))?)"
             r"(?:\s+from\s+(?:consideration|the\s+(?:selection|list|results)))?"
             r"|not\s+to\s+be\s+(?:included|put\s+forward|considered|offered|suggested|shown|recommended|listed"
             r"|proposed)(?:\s+in\s+the\s+(?:selection|list|results))?|(?<=is |re )excluded|(?<=are )excluded")
# Words that rule out what follows them in their clause: values and bounds alike ("no horror", "skip anything whose
# average is below 3.5"; the grammar reads bounds with these; Scots "nae", "naw": "a coat but naw leather"; "sans gore")
_REFUSAL_WORDS = """no not nothing nothin without except excluding exclude omit avoid avoids avoided never none hate
hates hated dislike dislikes loathe loathes detest detests despise despises veto vetos vetoes vetoed nor neither skip
minus dont doesnt isnt arent arnt werent wont wasnt refuse refuses refused cannot nae naw sans"""
REFUSAL = frozenset(_REFUSAL_WORDS.split())
# ... and words that rule out a value only: edits, which before a bound set it ("drop it to under 50")
NEGATION = REFUSAL | frozenset(["drop", "remove", "ditch", "scrap", "scratch", "nix", "lose", "forget", "enough",
                                 "zero", "rid", "minus"])     # "get rid of the action ones", "minus anything war-y"
# What is done with an item that fails a condition: "if it averages below 3.5 he'll switch it off", "she'll
# disown me if it's pink" (raw or normalised words: "won't" is "wo not" there)
TURNED_DOWN = re.compile(r"\b(?:switch(?:es)?|turns?)\s+it\s+off\b|\bhates?\s+(?:it|them)\b|\bwalks?\s+out\b"
                         r"|\b(?:won't|wo not|will not|wouldn't|would not|never)\s+(?:\w+\s+)?(?:watch|buy|wear|touch"
                         r"|finish|sit through|pay|bother)\b(?!\s+(?:anything|any\s+\w+|something)\s+(?:else|other)\b)"
                         r"|\b(?:i|we|you|he|she|they)(?:['\u2019]?\s*(?:m|am|s|is|re|are|ll|will))?\s+(?:be\s+)?"
                         r"(?:leaving|walking\s+out)\b"
                         r"|\bgrumbles?\b|\bsends?\s+(?:it|them)\s+back\b|\bforget it\b"
                         r"|\bno deal\b|\bdisowns?\b|\brefuses?\b|\bcount (?:me|us|him|her|them) out\b"
                         r"|\b(?:i|we|he|she|they)(?: ll| will)? pass\b|\bdeal ?breaker\b"
                         r"|\b(?:don't|do not|dont|don['\u2019]t)\s+(?:even\s+)?bother\b"     # "... don't even bother"
                         r"|\b(?:kill|murder|strangle)\s+(?:me|us|him|her)\b|\bnever forgive\b"
                         r"|\b(?:go(?:es)?\s+to\s+sleep|falls?\s+asleep|nods?\s+off|drops?\s+off)\b")   # "he'll nod"
