#!/usr/bin/env python3
"""Generate retrace's bundled example corpus.

Writes, next to this script:
  news.jsonl   -- 40 invented news articles, one JSON object per line
  labels.json  -- the planted relations (ground truth)

All outlets, people and events are fictional.  The output is deterministic:
copies are derived from their sources by code below (fixed random seeds), so
re-running the script reproduces the files byte for byte.

    python3 examples/make_examples.py
"""

import datetime
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------
# Outlets: key -> (name, web domain, first article number)
OUTLETS = {
    "cpa": ("Continental Press Agency", "cpa-news.example", 4101),
    "hch": ("Harbor City Herald", "harborcityherald.example", 2201),
    "nc": ("The Northern Courier", "northern-courier.example", 1301),
    "md": ("Meridian Daily", "meridiandaily.example", 5501),
    "vt": ("Valley Tribune", "valleytribune.example", 801),
    "np": ("NewsPulse24", "newspulse24.example", 90211),
    "tw": ("TrendWire Hub", "trendwirehub.example", 33001),
    "eg": ("Eastbrook Gazette", "eastbrook-gazette.example", 611),
    "cep": ("Coastal Evening Post", "coastal-evening-post.example", 1701),
    "lo": ("The Lakeside Observer", "lakeside-observer.example", 301),
    "cl": ("Capital Ledger", "capitalledger.example", 7401),
    "rbn": ("Radio Brightwater News", "rbn.example", 2601),
    "nr": ("Newsroll", "newsroll.example", 120001),
}


def body(*paras):
    """Headline + paragraphs -> article text (paragraphs separated by a blank line)."""
    return "\n\n".join(paras)


def paras_of(text):
    return text.split("\n\n")


# ==========================================================================
# SOURCE ARTICLES (each has at least one planted copy)
# ==========================================================================

# ---- D1: exact duplicate ------------------------------------------------
D1 = body(
    "Rail operator Northline orders 48 electric trains in $2.1bn deal",
    "Northline Rail has placed an order for 48 new electric trains worth $2.1 billion, the largest rolling-stock contract in the company's history, it said on Wednesday.",
    "The trains will be built by Halvorsen Transit Systems at its plant in Millbrook, where the manufacturer said the order would secure about 900 jobs until at least 2031. The first units are due to enter service on the Harbor City to Eastbrook line in the spring of 2028.",
    "Northline chief executive Priya Raman said the new fleet would allow the operator to retire diesel trains that in some cases are more than 40 years old. \"Our passengers have been patient with trains that are older than many of the people who drive them,\" she said. \"This order means that by 2030 every train on our network will run on electricity.\"",
    "Each eight-car train will seat 520 passengers, about 30% more than the current diesel units, and will be fitted with free Wi-Fi, power sockets at every seat and dedicated space for bicycles.",
    "The contract was approved by the transport ministry last month after a tender that drew bids from four manufacturers. Transport Minister Alan Okafor said the decision to award it to a domestic builder had been based \"on price and quality, not on flags\".",
    "Unions welcomed the deal but warned that maintenance depots would also need investment. \"New trains are only half the story,\" said Marta Lindqvist, regional secretary of the Rail and Transport Workers' Union. \"If the depots are not ready, these trains will sit in sidings.\"",
    "Northline carried 61 million passengers last year, up 8% on 2023.",
)

# ---- D2: duplicate with curly quotes / whitespace noise -----------------
D2 = body(
    "Deep-water coral reef discovered off the Azores",
    "Marine scientists have discovered a cold-water coral reef stretching for more than 11 kilometres at depths of around 800 metres off the Azores, in what they describe as one of the most intact deep-sea habitats recorded in the North Atlantic.",
    "The reef was mapped during a 23-day expedition aboard the research vessel Aurora Borealis, led by the Harbor City Institute of Oceanography. A remotely operated vehicle filmed dense thickets of Lophelia coral, along with sponges, sea fans and at least 40 species of fish.",
    "\"We expected to find scattered colonies,\" said Dr Helena Sousa, the expedition's chief scientist. \"Instead we found a continuous reef, kilometre after kilometre, with almost no sign of damage from fishing gear. It's like opening a door into a room nobody has entered for a thousand years.\"",
    "Cold-water corals grow slowly, often less than a centimetre a year, and parts of the reef may be several thousand years old, the team said. Samples taken from the reef's base will be radiocarbon dated over the coming months.",
    "The discovery comes as governments debate rules for deep-sea mining. The reef lies about 60 kilometres from an area where a mining company has applied for an exploration licence, and conservation groups said the findings strengthened the case for protection.",
    "\"You can't un-break a reef that took millennia to grow,\" said Tomás Medeiros of the Atlantic Seas Trust. \"This should be the moment the area is closed to mining for good.\"",
    "The institute said it would share its maps and footage with the regional government and publish its full results next year.",
)

# ---- D3: exact duplicate on an aggregator -------------------------------
D3 = body(
    "Kestrel City sack Dunmore after seventh straight defeat",
    "Kestrel City have sacked manager Owen Dunmore after a 3-0 home defeat by Ashby Rovers on Sunday left the club bottom of the Premier Division with eight points from 14 matches.",
    "Dunmore, 47, was appointed in June on a three-year contract after leading Carlow Town to promotion, but won only one league game this season. Sunday's loss was City's seventh in a row, a club record.",
    "\"The board would like to thank Owen for his hard work and commitment,\" the club said in a statement. \"However, results have fallen well short of expectations and we believe a change is needed to give us the best chance of survival.\"",
    "Assistant manager Rhys Calloway will take charge of the team on an interim basis, starting with Saturday's trip to Northfield United.",
    "Supporters chanted against the board and the manager during the second half on Sunday, and around 200 fans gathered outside the stadium after the final whistle. The club's owner, the American investor Grant Whitaker, has faced criticism for spending only $4 million on new players in the summer, the lowest outlay in the division.",
    "Dunmore is the third Premier Division manager to lose his job this season, after Ian Petrakis at Ashby Rovers and Leon Marsh at Dockside Athletic.",
)

# ---- R1: damaged e-paper reprint ----------------------------------------
R1 = body(
    "Harbor City to run 24-hour buses on four routes from June",
    "Harbor City council has approved a plan to run buses around the clock on four of its busiest routes, making it the first city in the region to offer a full 24-hour service.",
    "Councillors voted 31 to 12 on Thursday evening in favour of the $6.4 million scheme, which will be funded for an initial two-year trial from parking revenue and a grant from the regional transport fund.",
    "From June 1, routes 4, 11, 19 and 27 will run every 20 minutes between midnight and 5am, in addition to their regular daytime timetables. The routes connect the city centre with the hospital district, the port, the airport and the eastern suburbs.",
    "Council transport chair Denise Achterberg said the service was aimed at people who work night shifts. \"Nurses, cleaners, port workers and bakers keep this city running while the rest of us are asleep,\" she said. \"For too long, they have had to choose between a long walk home and an expensive taxi.\"",
    "A council survey last year found that about 14,000 people in Harbor City regularly start or finish work between midnight and 5am.",
    "Opposition councillors questioned the cost. \"Nobody is against night buses, but we are being asked to sign a blank cheque,\" said Gregor Stahl, leader of the Civic Alliance group. He said the council should have tested the idea on one route first.",
    "The bus operator, Metrolink Harbor, said it would recruit 46 additional drivers for the night service and that all night buses would carry a second staff member for safety after 1am.",
    "The council will review passenger numbers after 12 months.",
)

# ---- R2: damaged e-paper reprint (+ independent report I2) --------------
R2 = body(
    "Defence minister Harlow resigns over helicopter contract row",
    "Defence Minister Julia Harlow resigned on Friday, three days after it emerged that a $780 million helicopter maintenance contract had been awarded to a firm in which her brother-in-law holds a senior position.",
    "In a letter to Prime Minister Tomas Berglund, Harlow said she had \"at no point\" been involved in the decision but that the controversy had become \"a distraction from the vital work of the ministry\".",
    "\"I have always acted in good faith, and I am confident that the independent review will show that,\" she wrote. \"But our armed forces deserve a minister whose attention is fully on them.\"",
    "The contract, for the maintenance of the air force's fleet of 36 transport helicopters over ten years, was awarded in September to Vantor Aerospace. Documents published by the Eastbrook Gazette on Tuesday showed that Harlow's brother-in-law, Daniel Pryce, is Vantor's director of government relations. The ministry had not disclosed the connection.",
    "Berglund accepted the resignation and said he had asked the cabinet secretary to complete an independent review of the tender within six weeks. \"The public must have full confidence in how defence contracts are awarded,\" he told reporters outside parliament.",
    "Opposition leader Sandra Mbeki said the resignation did not end the matter. \"One resignation does not answer the question of how this contract was approved, and who knew what,\" she said, calling for a parliamentary inquiry.",
    "Vantor Aerospace said the contract had been won \"in open competition and on merit\" and that Pryce had played no role in the bid.",
    "Deputy Defence Minister Kofi Adjei will take over Harlow's duties until a successor is named. Harlow, 52, had been defence minister since January 2024.",
)

# ---- R3: damaged e-paper reprint ----------------------------------------
R3 = body(
    "Hospital waiting lists fall for first time in three years",
    "The number of patients waiting for planned hospital treatment in the Eastern Health Region has fallen for the first time in three years, according to figures published on Thursday.",
    "A total of 184,300 people were waiting for operations and other non-urgent procedures at the end of December, down from 191,750 in September, a fall of almost 4%. The number waiting more than a year dropped by a third, to 6,120.",
    "Health officials credited the opening of two surgical hubs, at Riverside General and St Agnes Hospital in Brightwater, which carry out routine procedures such as hip replacements and cataract operations away from busy emergency departments.",
    "\"These hubs are doing exactly what we hoped,\" said Dr Farah Qureshi, medical director of the Eastern Health Region. \"When planned surgery is protected from winter pressures, operations are not cancelled at the last minute, and waiting lists come down.\"",
    "Riverside's hub alone carried out 4,870 procedures between October and December, working six days a week.",
    "Patient groups cautioned that waits remained far longer than before the pandemic. The median wait for treatment is now 14 weeks, compared with nine weeks in 2019. \"A fall is welcome, but behind each number is someone in pain waiting for a date,\" said Colin Ferris of the Patients First association.",
    "Emergency departments remain under strain. Only 68% of patients were seen within four hours in December, against a target of 95%.",
    "The region plans to open a third surgical hub, at Northfield Community Hospital, in the autumn.",
)

# ---- R4: damaged e-paper reprint ----------------------------------------
R4 = body(
    "Greenmeadow dairy plant to close with loss of 310 jobs",
    "The dairy cooperative Greenmeadow Farmers has announced plans to close its cheese plant in Ashford at the end of next year, putting 310 jobs at risk.",
    "The cooperative, owned by about 2,300 dairy farmers, said the 58-year-old plant needed more than $45 million of investment to meet new environmental rules on waste water, and that its production would be moved to larger sites in Carrow and Linfield.",
    "\"This is the hardest decision the board has had to make,\" said chairman Patrick Doyle, who farms 180 cows near Carrow. \"Ashford has made cheese for almost six decades, and its people have been the heart of this cooperative. But we cannot ask our members to put money into a plant that will never be competitive again.\"",
    "The Ashford site processes around 190 million litres of milk a year into cheddar and other hard cheeses, about a fifth of Greenmeadow's total. The cooperative said it would offer relocation to as many staff as possible, but Carrow is 120 kilometres away.",
    "The Food and Dairy Workers' Union said it would fight the closure. \"Three hundred and ten families are being told to uproot their lives or lose their jobs before Christmas,\" said union organiser Bernadette Walsh. \"We will be asking the cooperative to open its books.\"",
    "Ashford mayor Ravi Chandran said the plant was the town's largest private employer and that its closure would hit local shops and suppliers. He said he would seek an urgent meeting with the regional development agency.",
    "Greenmeadow reported revenue of $1.6 billion last year and a net profit of $38 million.",
)

# ---- R5: light-edit reprint ---------------------------------------------
R5 = body(
    "White storks nest at Marsh End for first time in 40 years",
    "A pair of white storks has raised chicks at the Marsh End wetland reserve near Lakeside, the first time the species has bred there in more than 40 years.",
    "Wardens said the birds built their nest in May on top of a disused electricity pole and three chicks hatched in mid-June. All three were ringed last week and appear healthy.",
    "\"We have been hoping for this moment for a long time, but we never really expected it,\" said reserve manager Agnes Kowalczyk. \"Storks are a sign that the wetland is working again. There are frogs, insects and small fish in the marsh in numbers we haven't seen for decades.\"",
    "The reserve was drained for farming in the 1960s and restored between 2014 and 2019 in a $3.2 million project that blocked drainage ditches and recreated shallow pools across 260 hectares. Since then, the number of breeding bird species at the site has risen from 31 to 58.",
    "White storks disappeared as a breeding bird from most of the region in the late 1970s, as wetlands were drained and pesticide use increased. A small population has returned in the past decade, helped by nest platforms put up by volunteers.",
    "The reserve has set up a viewing point 200 metres from the nest, and more than 3,000 people have visited since the chicks hatched. Wardens asked visitors not to use drones and to keep dogs on a lead.",
    "\"Please enjoy them, but give them space,\" Kowalczyk said. \"The chicks will fledge in the next few weeks and we want them to leave the nest without any disturbance.\"",
)

# ---- E1: long source, excerpted -----------------------------------------
E1 = body(
    "Parliament passes data retention bill after 14-hour debate",
    "Parliament passed the government's contested Communications Data Bill early on Thursday after a 14-hour debate, requiring telecom companies to keep records of customers' calls, messages and internet connections for 12 months.",
    "The bill was approved by 187 votes to 163, with 11 members of the governing coalition voting against it and six abstaining. It will now go to the Senate, where the government has a narrower majority.",
    "Under the new law, providers must store so-called metadata \u2014 who contacted whom, when, for how long and from which location \u2014 but not the content of communications. Police and intelligence agencies will be able to access the records only with the approval of a judge, except in emergencies involving an immediate threat to life.",
    "Interior Minister Leila Haddad said the law closed a gap that criminals had exploited since a 2021 court ruling struck down the previous retention rules. \"Every week, investigators hit a dead end because the data they need has already been deleted,\" she told parliament. \"This bill gives them back a tool they had for 15 years, with stronger safeguards than ever before.\"",
    "Civil liberties groups said the measure amounted to mass surveillance of innocent people. The Digital Rights Foundation said it would challenge the law in the Constitutional Court as soon as it takes effect. \"Keeping a record of every citizen's movements and contacts, just in case, is not proportionate, and the courts have said so before,\" said the foundation's director, Jonas Ekberg.",
    "Telecom operators raised concerns about cost. The industry association TelcoNet estimated that storing and securing the data would cost its members about $120 million in the first year alone, and asked the government to help cover the expense. The government has offered $40 million.",
    "Several coalition rebels said they had been unable to support the bill without an expiry date. An amendment that would have required parliament to renew the law after five years was defeated by 14 votes.",
    "The debate, which began at 10am on Wednesday, was one of the longest in the chamber's history. Opposition members read out letters from constituents for more than three hours before the final vote at 12.20am.",
    "If approved by the Senate, the law is expected to come into force in July next year.",
)

# ---- E2: long source, excerpted -----------------------------------------
E2 = body(
    "Lunar lander launch delayed to 2027 after engine test failure",
    "The launch of the first lunar lander built by the Continental Space Agency has been pushed back by at least 14 months, to the spring of 2027, after an engine failed during a ground test in October, the agency said on Tuesday.",
    "The Selene-1 lander was due to lift off in January on a mission to deliver a rover and four scientific instruments to the Moon's south polar region, where scientists believe water ice may be trapped in permanently shadowed craters.",
    "During a test firing at the agency's propulsion centre in Kerrow on October 17, the lander's main engine shut down after 212 seconds of a planned 480-second burn. Investigators found that a valve in the fuel system had cracked under repeated temperature changes.",
    "\"The test did exactly what tests are meant to do: it found a problem on the ground instead of on the way to the Moon,\" said mission director Dr Kenji Moreau. \"We would rather be late than lose the spacecraft.\"",
    "The agency said the redesigned valve would be tested over the summer and that the full lander would then repeat the campaign of engine firings. The delay will add an estimated $210 million to the mission's budget, which now stands at $1.46 billion.",
    "The postponement means Selene-1 will miss its planned landing window in 2026, when the Sun's angle at the south pole would have given the rover the longest period of daylight. Engineers are studying whether a 2027 landing site can offer similar conditions.",
    "Critics in parliament's science committee said the delay was the third in the programme's history. \"At some point we have to ask whether the agency is managing this project or the project is managing the agency,\" said committee member Ruth Adeyemi.",
    "The rover, named Tessa after a public naming competition that drew 62,000 entries, was completed last year and is in storage in Harbor City.",
)

# ---- E3: short source, reused inside a roundup --------------------------
E3 = body(
    "Mokoena smashes Harbor City Marathon course record",
    "Naledi Mokoena of South Africa broke the Harbor City Marathon course record by more than a minute on Sunday, winning the women's race in 2 hours 19 minutes 42 seconds.",
    "The 27-year-old pulled away from Ethiopia's Tigist Alemu after 30 kilometres and crossed the line 48 seconds ahead, with Kenya's Joyce Wambui third. The previous record of 2:20:51 had stood since 2019.",
    "\"I felt strong from the start, and when I saw the clock at halfway I knew something special was possible,\" Mokoena said. \"The crowds on the harbour bridge carried me.\"",
    "In the men's race, Daniel Kiprop of Kenya won a sprint finish in 2:06:58, one second ahead of compatriot Abel Rotich.",
    "A record 31,400 runners started the race in cool, dry conditions, the organisers said. Mokoena, who finished fifth at last year's world championships, said she would now decide whether to race again in the autumn or rest until the spring.",
)

# ---- W1: rewritten by a content farm (+ independent report I1) ----------
W1 = body(
    "Harbor City airport wins approval for $1.13bn third terminal",
    "Harbor City International Airport has been given government approval to build a third terminal, a $1.13bn project that will raise the airport's capacity from 18 million to 30 million passengers a year by 2032.",
    "Infrastructure Minister Carla Benedetti announced the decision at a press conference at the airport on Thursday, ending a planning process that began in 2019 and included a public inquiry lasting 11 months.",
    "The new terminal will be built on the site of a former cargo area to the north of the existing runway and will include 22 new gates. Construction is expected to begin next spring and to create around 4,500 jobs at its peak.",
    "\"This is a decision for the next generation,\" Benedetti said. \"Harbor City is the gateway to the whole region, and its airport cannot keep turning away airlines because there is no room.\"",
    "Airport chief executive Marcus Feld said 76% of the cost would be met by private investors, with the remainder coming from the airport's own borrowing. No public money will be used for the terminal itself, although the government will contribute $95m towards a new rail link.",
    "The rail link will cut the journey from the airport to Eastbrook to 2.5 hours, compared with just over four hours by road today.",
    "The approval comes with conditions. Night flights will be capped at 8,000 a year, and the airport must plant 40 hectares of woodland and pay for noise insulation in around 6,000 homes.",
    "Residents' groups said the conditions did not go far enough. \"We were promised a fair hearing and instead we got a rubber stamp,\" said Eileen Marsh of the Stop Terminal Three campaign, which has said it will consider a legal challenge. \"The people under the flight path will pay the price for this for decades.\"",
    "Feld said the airport would \"work with every community affected\" and that the terminal would be the first in the country designed to run entirely on renewable electricity.",
)

# ---- W2: rewritten by a content farm ------------------------------------
W2 = body(
    "Floods force evacuation of some 2,000 people in Riverbend valley",
    "Some 2,000 people were evacuated from their homes in the Riverbend valley on Sunday after two days of torrential rain caused the Tamsin river to burst its banks in at least three places.",
    "Up to 180mm of rain fell on parts of the valley in 48 hours, more than the average for the whole of October, the national weather service said. The river at Lower Ferriby peaked at 5.2 metres, 1.4 metres above its flood level and the highest reading since records began in 1952.",
    "Emergency services used boats to rescue residents from the villages of Oakmere and Ferriby Cross, where water reached the first floors of some houses. Two people were taken to hospital with hypothermia. No deaths have been reported.",
    "\"The water came up faster than anyone expected,\" said fire service commander Leona Ruiz. \"Within an hour, streets that were dry at lunchtime were under a metre of water.\"",
    "Around 600 evacuees spent Sunday night in three emergency shelters set up in schools and a sports hall in Riverbend town. The rest stayed with friends and relatives.",
    "The regional railway suspended services between Riverbend and Calder Junction, and 14 roads remained closed on Sunday evening. Around 3,700 homes were without electricity.",
    "Residents in Oakmere said flood defences promised after a smaller flood in 2021 had never been built. \"We were told there would be a wall by 2024. There is no wall,\" said shop owner Graham Tully. The regional government said the project had been delayed by a dispute over land and was \"unlikely\" to be finished before 2027.",
    "The weather service said the rain would ease on Monday but warned that river levels downstream could continue to rise for another 24 hours.",
)

# ---- W3: rewritten, then printed in an e-paper (PDF damage) -------------
W3 = body(
    "Silvan Semiconductor posts record quarter as AI demand surges",
    "Silvan Semiconductor reported record quarterly revenue of $4.82bn on Tuesday, up 41% from a year earlier, as demand for its data-centre chips continued to outstrip supply.",
    "Chips for artificial intelligence systems accounted for 76% of revenue in the three months to September 30, compared with 58% a year ago. Net profit rose to $1.27bn from $790m.",
    "Chief executive Mateo Lindgren said the company was \"selling every chip we can make\" and expected the shortage to last well into next year. \"Our customers are not asking whether they want more capacity, they are asking how soon they can have it,\" he told analysts on a conference call.",
    "Silvan said it would spend $6.5bn over the next three years on a new factory at its campus in Brightwater, its largest investment to date. The plant is expected to begin production in 2028 and employ about 2,200 people.",
    "For the current quarter, the company forecast revenue of between $5.1bn and $5.3bn, above analysts' average estimate of $4.95bn. Shares rose 9% in after-hours trading.",
    "Analysts said the results confirmed Silvan's position as one of the main beneficiaries of the boom in AI spending but warned about its reliance on a handful of customers. Its four largest clients accounted for 52% of sales in the quarter. \"Silvan is riding the wave brilliantly, but a wave is not a business model,\" said Hannah Osei, a semiconductor analyst at Kingsbridge Capital. \"If two of those customers slow their orders, the picture changes fast.\"",
    "The company also raised its quarterly dividend by 10 cents to 45 cents a share.",
)

# ---- W4: rewritten by a content farm (+ independent report I3) ----------
W4 = body(
    "Reserve Bank holds rates at 3.25%, says February cut unlikely",
    "The Reserve Bank held its main interest rate at 3.25% on Thursday for a fourth consecutive meeting and said a cut at its next meeting in February was unlikely, as inflation remained above its target.",
    "The bank's monetary policy committee voted 7-2 to keep rates on hold, with two members preferring a cut of a quarter of a percentage point to 3%.",
    "Governor Elena Vasquez said inflation was moving in the right direction but too slowly. \"We have come a long way, but the last mile is always the hardest,\" she told a press conference. \"We need to see inflation back at 2% and staying there before we can ease.\"",
    "Consumer prices rose 3.1% in the year to November, down from a peak of 7.8% two years ago but still well above the bank's 2% target. Services inflation, which the bank watches closely because it reflects wage costs, was stuck at 4.4%.",
    "The bank lowered its forecast for economic growth next year to 0.9% from 1.2%, citing weak business investment and a slowdown in exports to Europe. Unemployment is expected to rise to 5.3% from 4.8% now.",
    "Vasquez said the committee would look at \"the whole picture\" in February but that markets should not assume a cut. \"I would not want anyone to leave this room thinking February is a done deal,\" she said.",
    "Business groups urged the bank to act sooner. \"Firms are cutting investment because borrowing is simply too expensive,\" said Martin Achebe, chief economist at the Chamber of Commerce. \"Every month of delay costs jobs.\"",
    "The decision means the average variable-rate mortgage holder will continue to pay about $1,450 a month, according to estimates by the consumer group MoneyWatch.",
    "The national currency rose 0.6% against the euro after the announcement.",
)

# ==========================================================================
# HAND-WRITTEN REWRITES (sentence by sentence, same order)
# ==========================================================================

W1_REWRITE = body(
    "Harbor City Airport Gets Green Light For $1.13 Billion Third Terminal",
    "The government has approved plans for a third terminal at Harbor City International Airport, a $1.13 billion development that will lift the airport's annual capacity from 18 million to 30 million passengers by 2032.",
    "The decision was announced on Thursday by Infrastructure Minister Carla Benedetti at a press conference held at the airport, bringing to an end a planning process that started in 2019 and featured an 11-month public inquiry.",
    "The terminal will go up on a former cargo area north of the current runway and will feature 22 additional gates. Work is set to start next spring and is expected to create some 5,400 jobs at the height of construction.",
    "\"This is a decision for the next generation,\" Benedetti said. \"Harbor City is the gateway to the whole region, and its airport cannot keep turning away airlines because there is no room.\"",
    "According to airport CEO Marcus Feld, private investors will cover 76 percent of the cost, while the rest will come from borrowing by the airport itself. The terminal will not receive any public money, though the government is putting $95 million toward a new rail connection.",
    "Once complete, the rail connection will reduce travel time between the airport and Eastbrook to two and a half hours, down from slightly more than four hours by road at present.",
    "Local residents' groups argued that the conditions attached to the approval were insufficient. \"We were promised a fair hearing and all we got was a rubber stamp,\" said Eileen Marsh of the Stop Terminal Three campaign, a group that has said it may take legal action. \"The people under the flight path will pay the price for this for decades.\"",
    "Feld promised that the airport would \"work with every community affected\", adding that the new terminal would be the country's first to be designed to operate fully on renewable power.",
    "Whether the project lives up to its promises remains to be seen, but for the region's travellers the long wait for more flights appears to be finally over.",
)

W2_REWRITE = body(
    "Riverbend Valley Floods: 2,000 Residents Forced From Their Homes",
    "A confirmed 2,000 people had to leave their homes in the Riverbend valley on Sunday, after 48 hours of relentless rain pushed the Tamsin river over its banks in at least three locations.",
    "According to the national weather service, as much as 180 millimetres of rain fell in parts of the valley over two days, more than the usual total for the entire month of October. At Lower Ferriby, the river reached a peak of 5.2 metres, 1.4 metres above flood level and the highest level recorded since 1952.",
    "Rescue teams used boats to reach residents in Oakmere and Ferriby Cross, where floodwater rose as high as the first floor of some homes. Two people were treated in hospital for hypothermia. There have been no reports of deaths.",
    "\"The water rose faster than anyone had expected,\" fire service commander Leona Ruiz said. \"Within an hour, streets that were dry at lunchtime were under a metre of water.\"",
    "Rail services between Riverbend and Calder Junction were halted by the regional railway, and 14 roads were still shut on Sunday evening. Some 3,700 homes lost power.",
    "People in Oakmere said that flood defences promised after a smaller flood in 2021 were never built. \"We were told there would be a wall by 2024. There is no wall,\" said local shop owner Graham Tully. The regional government blamed a land dispute for the delay and said the project would not be completed before 2027.",
    "The weather service expects the rain to ease on Monday, but warned that river levels further downstream could keep rising for another 24 hours.",
    "Once again, it is ordinary families who are paying the price for years of official inaction.",
)

W3_REWRITE = body(
    "Silvan Semiconductor Smashes Records With $4.82 Billion Quarter On AI Boom",
    "On Tuesday, Silvan Semiconductor announced its highest-ever quarterly revenue of $4.82 billion, a 41 percent increase on the same period last year, as orders for its data-centre chips kept running ahead of supply.",
    "Artificial intelligence chips made up 76 percent of revenue in the quarter ending September 30, up from 58 percent a year earlier. Net profit climbed to $1.27 billion, compared with $790 million.",
    "CEO Mateo Lindgren said Silvan was \"selling every chip we can make\" and predicted that the shortage would continue well into next year. \"Our customers aren't asking whether they want more capacity, they're asking how fast they can get it,\" he said during a call with analysts.",
    "The company plans to invest $6.5 billion over three years in a new plant at its Brightwater campus, the biggest investment in its history. Production is due to start in 2028, with the facility set to employ around 2,500 workers.",
    "Silvan expects revenue of $5.1 billion to $5.3 billion in the current quarter, ahead of the $4.95 billion analysts had expected on average. The stock gained 9 percent in after-hours trading.",
    "Silvan also lifted its quarterly dividend by 10 cents, to 45 cents per share.",
    "For investors, the message could hardly be clearer: the AI gold rush is far from over.",
)

W4_REWRITE = body(
    "Reserve Bank Keeps Rates At 3.25 Percent, Rules Out February Cut",
    "On Thursday, the Reserve Bank left its benchmark interest rate unchanged at 3.25 percent for the fourth meeting in a row and ruled out a cut at its next meeting in February, with inflation still running above target.",
    "Members of the monetary policy committee voted 7-2 in favour of a hold, while two members backed a quarter-point reduction to 3 percent.",
    "Governor Elena Vasquez said inflation was heading in the right direction, but not fast enough. \"We have come a long way, but the last mile is always the hardest,\" she told reporters. \"We need to see inflation back at 2 percent and staying there before we can cut.\"",
    "In the year to November, consumer prices increased by 3.1 percent, down from a high of 7.8 percent two years ago but still far above the bank's 2 percent goal. Services inflation, closely watched by the bank as a gauge of wage costs, held at 4.4 percent.",
    "The bank trimmed its growth forecast for next year to 0.9 percent from 1.2 percent, pointing to weak business investment and slowing exports to Europe. Unemployment is now forecast to climb to 5.3 percent from the current 4.8 percent.",
    "Business groups called on the bank to move faster. \"Firms are cutting investment because borrowing is simply too expensive,\" said Martin Achebe, chief economist at the Chamber of Commerce. \"Every month of delay costs jobs.\"",
    "According to the consumer group MoneyWatch, the average variable-rate mortgage holder will keep paying around $1,450 a month as a result of the decision.",
    "The national currency gained 0.6 percent against the euro following the announcement.",
    "For households already stretched by two years of high prices, the wait for relief just got longer.",
)

# ==========================================================================
# INDEPENDENT REPORTS (same event, own wording; NOT derived)
# ==========================================================================

I1 = body(
    "Government approves third terminal at Harbor City airport",
    "Infrastructure Minister Carla Benedetti on Thursday approved a third terminal at Harbor City International Airport, clearing the way for the biggest expansion in the airport's 70-year history.",
    "\"This is a decision for the next generation,\" the minister told reporters in the departures hall. \"Harbor City is the gateway to the whole region, and its airport cannot keep turning away airlines because there is no room.\"",
    "The announcement, made in front of airport executives and regional mayors, ends a project that has been on the drawing board since 2019. An 11-month public inquiry heard evidence from more than 300 witnesses.",
    "Priced at $1.13 billion, the terminal is meant to take the airport to 30 million passengers a year by 2032. Its current limit is about 18 million, and airlines have complained for years about a lack of slots at peak times.",
    "Chief executive Marcus Feld said private investors would put up 76% of the money and the airport would borrow the rest. Taxpayers will not fund the building, he said, but the state is spending $95 million on a rail link that Feld said would bring Eastbrook within 2.5 hours of the terminal.",
    "Building work on the old cargo site north of the runway should start next spring. At its peak the project is expected to employ around 4,500 people, and the finished terminal will have 22 gates.",
    "To win approval, the airport accepted a cap of 8,000 night flights a year. It must also soundproof about 6,000 homes and plant 40 hectares of trees.",
    "Skyward Airlines, the airport's largest carrier, said it would base 12 more aircraft in Harbor City once the terminal opens.",
    "Campaigners were unmoved. Eileen Marsh, of the Stop Terminal Three group, said lawyers were already examining the decision. \"This fight is not over,\" she said.",
)

I2 = body(
    "Harlow quits as defence minister amid Vantor contract scrutiny",
    "Julia Harlow has stepped down as defence minister, becoming the first member of Tomas Berglund's cabinet to leave office since the government was formed.",
    "The 52-year-old's departure follows days of pressure over a ten-year deal, worth $780 million, to service the air force's 36 transport helicopters. The work went to Vantor Aerospace in September. Earlier this week it was reported that Daniel Pryce, who is married to Harlow's sister, is the company's director of government relations, a link the ministry never made public.",
    "Speaking to journalists at parliament on Friday afternoon, the prime minister said he had accepted her resignation with regret. \"The public must have full confidence in how defence contracts are awarded,\" Berglund said. He confirmed that the cabinet secretary would examine the tender and report back within six weeks.",
    "In her resignation letter, Harlow insisted she had taken no part in choosing the contractor and said she was leaving because the row threatened to overshadow the ministry's work.",
    "Vantor rejected any suggestion of favouritism. A company spokesperson said Pryce had not been involved in its bid and that it had beaten three rivals on price and technical score.",
    "The opposition wants more. Sandra Mbeki, the opposition leader, said only a parliamentary inquiry could establish how the deal was approved. Several government backbenchers said privately that they expected further questions about the procurement process.",
    "Kofi Adjei, currently deputy defence minister, will cover Harlow's responsibilities until a replacement is appointed. Harlow had held the post since January 2024.",
)

I3 = body(
    "Vasquez dampens hopes of early rate cut as Reserve Bank stands pat",
    "Borrowers hoping for relief early next year were told not to count on it on Thursday, as the Reserve Bank kept interest rates at 3.25% and Governor Elena Vasquez warned against betting on a reduction in February.",
    "\"I would not want anyone to leave this room thinking February is a done deal,\" Vasquez said at her post-meeting press conference.",
    "Before the announcement, futures markets had priced in roughly a 60% chance of a February cut. By the close of trading that had fallen to about 35%, according to Capital Ledger calculations.",
    "The vote was 7-2, with the minority wanting a 25 basis-point cut to 3%. It was the fourth meeting in a row at which the bank has left rates unchanged.",
    "Annual inflation stood at 3.1% in November. That is far below the 7.8% peak reached two years ago, but the bank targets 2%, and services inflation, a proxy for wage pressure, has not moved from 4.4%.",
    "The bank's new forecasts make grim reading. It now expects the economy to grow by just 0.9% next year, down from a previous estimate of 1.2%, and sees unemployment climbing to 5.3% from 4.8%.",
    "Martin Achebe, chief economist at the Chamber of Commerce, said high borrowing costs were forcing companies to shelve investment plans and that the bank risked acting too late.",
    "For households, the decision keeps the typical variable mortgage payment at about $1,450 a month, by MoneyWatch's estimate. The currency gained 0.6% against the euro.",
)

# ==========================================================================
# UNRELATED ARTICLES
# ==========================================================================

U1 = body(
    "Okonkwo launches bid to become Eastbrook's first Green mayor",
    "Councillor Adaeze Okonkwo launched her campaign to become mayor of Eastbrook on Tuesday, promising free bus travel for under-18s, 5,000 new affordable homes and a ban on new drive-through restaurants in the city centre.",
    "Okonkwo, 39, a former secondary school science teacher who has represented the Millbrook ward since 2021, will stand for the Green Party in the election on May 7. No Green candidate has ever won the mayoralty, and the party finished fourth in 2022 with 11% of the vote.",
    "Speaking to about 300 supporters in a converted tram depot, she said Eastbrook had \"been run for the convenience of cars and developers for thirty years\". \"I want a city where a 12-year-old can cycle to school safely and a nurse can afford to live near the hospital she works in,\" she said. \"None of that is radical. It's just overdue.\"",
    "She said free bus travel for young people would cost about $9 million a year and would be paid for by a levy on large car parks at out-of-town retail parks.",
    "The incumbent mayor, Richard Hale of the Civic Alliance, who is seeking a third term, dismissed the plans as \"a wish list without a price tag\". The Social Democrats have selected Carol Ndiaye, a former police superintendent, as their candidate.",
    "A poll of 1,100 voters for the Eastbrook Gazette last month put Hale on 34%, Ndiaye on 29% and Okonkwo on 17%, with 14% undecided.",
)

U2 = body(
    "Freshway freezes prices on 500 staples until June",
    "Supermarket chain Freshway will freeze the prices of 500 everyday products until the end of June, it said on Thursday, as competition for cost-conscious shoppers intensifies at the start of the year.",
    "The freeze covers items including bread, milk, eggs, pasta, tinned vegetables, nappies and washing-up liquid, which the company said together make up about a quarter of a typical family's weekly shop. Freshway, which has 412 stores and a market share of 17.6%, said it would absorb the cost itself and would not ask suppliers to pay for it.",
    "\"January is when household budgets are tightest,\" said chief executive Olivia Brennan. \"Families have told us very clearly that they want certainty, and this is one thing we can give them.\"",
    "Food inflation fell to 3.8% in November from 5.1% in the summer, but prices for some staples, including butter and coffee, remain more than 30% higher than three years ago.",
    "Rival chain ValueBasket said last week it had cut prices on 300 products, and the discounter Penny Lane plans to open 40 new stores this year.",
    "Retail analyst Joel Mbatha at Fairfield Securities estimated that the freeze would cost Freshway about $60 million in lost margin but could help it win back customers it has lost to discounters. \"This is a defensive move dressed up as generosity,\" he said. \"But for shoppers, the motive matters less than the receipt.\"",
    "Freshway's shares closed 1.2% lower.",
)

U3 = body(
    "Eagles win first championship in 22 years after overtime thriller",
    "The Eastbrook Eagles won the National Basketball League championship for the first time in 22 years on Saturday night, beating the Harbor City Sharks 104-99 in overtime in the deciding game of the finals series.",
    "Guard Marcus Tiller scored 34 points, including a three-pointer with 41 seconds left in overtime that put the Eagles ahead for good, and was named the finals' most valuable player.",
    "The Eagles trailed by 11 points going into the fourth quarter and were still five behind with a minute to play. Centre Jonah Brandt levelled the score at 92-92 with a put-back two seconds from the end of regulation time, sending a sell-out crowd of 14,200 at the Eastbrook Arena into delirium.",
    "\"I've dreamed about this since I was a kid sitting in the cheap seats,\" Tiller said, holding the trophy above his head. \"This city has waited 22 years. Tonight is for them.\"",
    "The Sharks, who had won the previous two championships, played without their leading scorer, forward Dmitri Volkov, who injured an ankle in game six. Coach Lorraine Battle said her team had \"nothing to be ashamed of\" and praised the Eagles' defence.",
    "The Eagles finished the regular season with 24 wins and eight losses, the best record in the league. The city council said a victory parade would be held on Tuesday, starting at noon from the riverside.",
)

U4 = body(
    "Soil bacterium from city park yields promising new antibiotic",
    "Scientists at the University of Harbor City have identified a new antibiotic compound produced by a soil bacterium collected in a city park, and say it killed several drug-resistant bacteria in laboratory tests without harming human cells.",
    "The compound, which the team has named parkomycin, was found in a sample taken from Westgate Park in 2022 as part of a citizen-science project in which 1,800 residents collected soil from gardens, parks and roadsides.",
    "In tests described in the journal Microbial Frontiers, parkomycin killed strains of Staphylococcus aureus and Acinetobacter baumannii that are resistant to most existing antibiotics. In mice with severe infections, a single dose cleared the infection in eight out of ten animals.",
    "\"Most of the antibiotics we use today came from soil microbes discovered in the 1950s and 60s, and then the pipeline more or less dried up,\" said Professor Ama Darko, who led the research. \"This shows there are still treasures under our feet, sometimes literally under a park bench.\"",
    "The researchers said the compound appears to attack the bacterial cell membrane in a way that makes it hard for resistance to develop. In the laboratory, bacteria exposed to low doses for 30 days did not become resistant.",
    "Darko stressed that the work was at an early stage. Human trials are at least four years away, and most compounds that work in mice fail in people. \"We are at the beginning of a very long road,\" she said.",
    "Drug-resistant infections are linked to more than one million deaths worldwide each year. The team is now testing another 40 compounds found in the same project.",
)

U5 = body(
    "Eastbrook central library reopens after $18m renovation",
    "Eastbrook's central library reopened on Saturday after a two-year, $18 million renovation that has added a rooftop reading garden, a recording studio and a children's floor, and restored the building's domed reading room.",
    "More than 4,000 people passed through the doors on the first day, according to the library service, and a queue stretched around the block before the 10am opening.",
    "The building, paid for in 1911 by the shipping merchant Edmund Crane, had been closed since September 2023, after inspectors found water damage to the roof and cracks in the dome.",
    "\"People told us libraries were dying. Look outside,\" said head librarian Ruth Ochieng, pointing at the queue. \"Libraries change, but people still want a warm, free, quiet place that belongs to everyone.\"",
    "The restored reading room has 120 desks, and the library will now stay open until 9pm on weekdays, two hours later than before. The basement, which once held newspaper archives, has become a workshop with 3D printers and sewing machines that can be booked free of charge.",
    "The project finished four months late and $2.3 million over its original budget, mainly because asbestos was found during the work, the council said. Opposition councillor Jim Hallett called for an independent review of the overrun.",
    "The library's 160,000 books were kept in a warehouse during the works, and about 40,000 new titles have been added.",
)

U6 = body(
    "Lighthouse documentary wins top prize at Lakeside Film Festival",
    "\"The Last Keepers\", a documentary about the final three families to live and work in lighthouses on the country's northern coast, won the Golden Heron, the top prize at the Lakeside Film Festival, on Saturday night.",
    "Directed by first-time filmmaker Sunniva Holt, the 94-minute film follows the families through the winter of 2022, before the last staffed lighthouses were automated. Holt, 31, spent five months on Skerrow Island with a camera and a sound recordist.",
    "\"I went there to film a job that was disappearing,\" Holt said as she accepted the award. \"I came back with a film about loneliness, love and weather. Mostly weather.\"",
    "The jury, chaired by the actor Marguerite Lenoir, described the film as \"patient, funny and quietly devastating\". The prize carries $25,000.",
    "The award for best feature went to \"Salt Roads\", Idris Bakr's drama about two brothers running a smuggling operation across a border lake, which also won best actor for Yusuf Demir. Clara Weiss was named best actress for her role as a retired judge in \"The Verdict Room\".",
    "The festival, in its 37th year, screened 112 films from 34 countries and sold a record 48,000 tickets, up 12% on last year. Festival director Anton Reyes said next year's edition would add a section for films made by young people under 21.",
)

U7 = body(
    "Network outage leaves 1.2 million mobile customers without service",
    "About 1.2 million customers of mobile operator Tellis were left without calls, texts or data for up to nine hours on Tuesday after what the company described as a fault during a software update to its core network.",
    "The outage began at about 6.40am and affected customers across the country, including those of two smaller providers that use the Tellis network. Services were gradually restored from 1pm, and the company said at 3.45pm that the network was \"fully operational\".",
    "Some customers reported that they could not reach emergency services, although calls to 112 are normally routed through other networks when a phone has no signal from its own provider. The Communications Authority said it had opened an investigation and would examine whether emergency calls were affected.",
    "\"We are deeply sorry. This should not have happened, and we will find out exactly why it did,\" Tellis chief executive Bernard Mwangi said in a video statement. He said affected customers would receive a credit equal to two days of their monthly bill.",
    "Businesses that rely on card terminals connected by mobile data reported lost sales. Lina Ferreira, who runs a caf\u00e9 in Brightwater, said she had turned customers away all morning. \"Most people don't carry cash any more. We just had to put up a sign saying the card machine was down.\"",
    "Tellis has about 9.4 million customers. It suffered a shorter outage in 2023, when a faulty router cut off data services for three hours.",
)

# ==========================================================================
# DERIVATION HELPERS
# ==========================================================================


def curly(text, seed):
    """Straight -> typographic quotes, plus a little whitespace noise."""
    out = []
    for i, ch in enumerate(text):
        if ch == '"':
            prev = text[i - 1] if i else "\n"
            out.append("\u201c" if prev in " \n(\u2014" else "\u201d")
        elif ch == "'":
            out.append("\u2019")
        else:
            out.append(ch)
    s = "".join(out)
    rng = random.Random(seed)
    # double spaces after a few sentence ends
    ends = [m.start() for m in re.finditer(r"\. (?=[A-Z\u201c])", s)]
    for pos in sorted(rng.sample(ends, 3), reverse=True):
        s = s[: pos + 1] + "  " + s[pos + 2 :]
    # trailing spaces on some paragraphs, a stray leading space on one
    ps = s.split("\n\n")
    ps = [p + (" " if k % 3 == 1 else "") for k, p in enumerate(ps)]
    ps[2] = " " + ps[2]
    return "\n\n".join(ps) + "\n"


def edit(text, replacements, remove):
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    for sent in remove:
        assert text.count(sent) == 1, sent
        text = text.replace(sent, "")
    return text


def ordinal(n):
    suf = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def dateline(iso, style):
    d = datetime.date.fromisoformat(iso)
    if style == "long":  # Tuesday, March 3rd 2026
        return f"{d:%A}, {d:%B} {ordinal(d.day)} {d.year}"
    if style == "caps":  # THURSDAY 4 DECEMBER 2025
        return f"{d:%A} {d.day} {d:%B} {d.year}".upper()
    if style == "short":  # Sat, Nov 22, 2025
        return f"{d:%a}, {d:%b} {d.day}, {d.year}"
    raise ValueError(style)


VOWELS = set("aeiouyAEIOUY")


# letter pairs that are not split at a line end ("th", "br", ...)
NO_SPLIT = {"th", "ch", "sh", "ph", "wh", "ck", "gh", "qu", "br", "cr", "dr", "fr", "gr",
            "pr", "tr", "wr", "bl", "cl", "fl", "gl", "pl", "sc", "sk", "sp", "st"}


def hyphen_point(word, room):
    """Where to break `word` with an end-of-line hyphen so that the first
    part plus "-" fits in `room` characters; prefers a point between two
    consonants ("produc-tion"), None if the word cannot be broken."""
    m = re.fullmatch(r"([A-Za-z]{7,})[,.;:]?", word)
    if not m:
        return None
    core = m.group(1)
    n = len(core)
    fits = [j for j in range(3, n - 2) if j + 1 <= room and core[j - 1:j + 1].lower() not in NO_SPLIT]
    if not fits:
        return None
    good = [j for j in fits if core[j - 1] not in VOWELS and core[j] not in VOWELS]
    if not good:  # V-CV: "proce-dures"
        good = [j for j in fits if core[j - 1] in VOWELS and core[j] not in VOWELS
                and core[j + 1] in VOWELS]
    return max(good) if good else None


def epaper(text, *, seed, width, top, mid, end=(), hyphens=2, blank_paras=True, protect=()):
    """Simulate text extracted from an e-paper PDF.

    Hard-wraps paragraphs at `width`, drops spaces on about a third of the
    lines, adds `hyphens` end-of-line hyphenations, and inserts page
    furniture: `top` lines before the headline, `mid` lines at a line break
    in the middle of the body, `end` lines at the end.  Strings in `protect`
    are never hyphenated, run together or split by furniture (they may still
    be wrapped), so they can be found after collapsing whitespace.
    """
    rng = random.Random(seed)
    prot = []
    for s in protect:
        i = text.find(s)
        assert i >= 0, s
        prot.append((i, i + len(s)))

    def is_prot(a, b):
        return any(a < pe and ps < b for ps, pe in prot)

    paras = paras_of(text)
    for attempt in range(200):
        lines, made = [], 0  # line: {"t": [[word, protected], ...], "sep": [...], "para": k}
        off = 0
        for k, p in enumerate(paras):
            toks, pos = [], off
            for w in p.split(" "):
                toks.append([w, is_prot(pos, pos + len(w))])
                pos += len(w) + 1
            off += len(p) + 2
            if k == 0:
                lines.append({"t": toks, "para": 0})
                continue
            cur, curlen = [], 0
            for w, pr in toks:
                if cur and curlen + 1 + len(w) > width:
                    j = None if pr or made >= hyphens else hyphen_point(w, width - curlen - 1)
                    if j is not None and rng.random() < 0.3:
                        cur.append([w[:j] + "-", False])
                        made += 1
                        w = w[j:]
                    lines.append({"t": cur, "para": k})
                    cur, curlen = [], 0
                curlen += len(w) + (1 if cur else 0)
                cur.append([w, pr])
            if cur:
                lines.append({"t": cur, "para": k})
        if made == hyphens:
            break
    else:
        raise AssertionError("could not place the hyphens")

    # lost spaces on about a third of the body lines
    for ln in lines[1:]:
        t = ln["t"]
        ln["sep"] = [" "] * (len(t) - 1)
        if rng.random() < 1 / 3:
            gaps = [j for j in range(len(t) - 1)
                    if not t[j][1] and not t[j + 1][1]
                    and t[j][0][-1].isalpha() and t[j + 1][0][0].isalpha()
                    and not t[j][0].endswith("-")]
            for j in rng.sample(gaps, min(len(gaps), rng.choice([1, 1, 2]))):
                ln["sep"][j] = ""
    lines[0]["sep"] = [" "] * (len(lines[0]["t"]) - 1)

    def render(ln):
        t = ln["t"]
        return t[0][0] + "".join(s + w for s, (w, _) in zip(ln["sep"], t[1:]))

    # where the mid-page furniture goes: a line break inside a paragraph
    n = len(lines)
    spots = [i for i in range(int(n * 0.4), int(n * 0.7))
             if lines[i]["para"] == lines[i + 1]["para"] != 0
             and not lines[i]["t"][-1][1] and not lines[i + 1]["t"][0][1]]
    assert spots
    cut = rng.choice(spots)

    out = list(top)
    for i, ln in enumerate(lines):
        if i > 0 and ln["para"] != lines[i - 1]["para"] and (blank_paras or i == 1):
            out.append("")
        out.append(render(ln))
        if i == cut:
            out.extend(mid)
    out.extend(end)
    return "\n".join(out)


def norm_ws(s):
    return " ".join(s.split())


# ==========================================================================
# ASSEMBLY
# ==========================================================================

docs = []  # dicts with key, outlet, date, text (+ title override)


def add(key, outlet, date, text, title=None, url=True):
    docs.append({"key": key, "outlet": outlet, "date": date, "text": text,
                 "title": title, "url": url})


def slug(title):
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return "-".join(s.split("-")[:8])


# --- sources
add("D1", "cpa", "2025-09-03", D1)
add("D2", "hch", "2025-10-14", D2)
add("D3", "cpa", "2025-11-10", D3)
add("R1", "hch", "2026-02-27", R1)
add("R2", "cpa", "2025-11-21", R2)
add("R3", "vt", "2026-01-15", R3)
add("R4", "cl", "2025-12-02", R4)
add("R5", "lo", "2025-07-08", R5)
add("E1", "cpa", "2025-10-02", E1)
add("E2", "hch", "2025-12-09", E2)
add("E3", "cpa", "2026-03-15", E3)
add("W1", "hch", "2026-01-22", W1)
add("W2", "cpa", "2025-10-26", W2)
add("W3", "cl", "2025-11-04", W3)
add("W4", "cpa", "2025-12-11", W4)

# --- independent reports and unrelated articles
add("I1", "cpa", "2026-01-22", I1)
add("I2", "md", "2025-11-21", I2)
add("I3", "cl", "2025-12-11", I3)
add("U1", "md", "2026-02-10", U1)
add("U2", "cl", "2026-01-08", U2)
add("U3", "vt", "2025-06-15", U3)
add("U4", "hch", "2025-08-19", U4)
add("U5", "eg", "2025-09-15", U5)
add("U6", "lo", "2025-09-28", U6)
add("U7", "rbn", "2026-02-18", U7)

# --- duplicates
add("D1c", "md", "2025-09-04", D1)
add("D2c", "vt", "2025-10-16", curly(D2, seed=2))
add("D3c", "nr", "2025-11-11", D3, url=False)

# --- damaged e-paper reprints
NC = "THE NORTHERN COURIER"
add("R1c", "nc", "2026-03-03", epaper(
    R1, seed=11, width=78,
    top=[NC, dateline("2026-03-03", "long"), "LOCAL NEWS", ""],
    mid=["Page 7", NC, dateline("2026-03-03", "long"),
         "https://northern-courier.example/2026/03/03/harbor-city-24-hour-buses"],
    hyphens=2), title=paras_of(R1)[0])
add("R2c", "eg", "2025-11-22", epaper(
    R2, seed=12, width=91,
    top=["EASTBROOK GAZETTE \u00b7 POLITICS", dateline("2025-11-22", "short"), ""],
    mid=["https://eastbrook-gazette.example/epaper/2025-11-22/p4", "4 | EASTBROOK GAZETTE"],
    end=["", "See also: Editorial, Page 18"],
    hyphens=3, blank_paras=False), title=paras_of(R2)[0])
add("R3c", "cep", "2026-01-17", epaper(
    R3, seed=13, width=72,
    top=["COASTAL EVENING POST", dateline("2026-01-17", "caps"), ""],
    mid=["PAGE 12", "https://coastal-evening-post.example/2026/01/17/health/waiting-lists"],
    hyphens=1), title=paras_of(R3)[0])
add("R4c", "nc", "2025-12-04", epaper(
    R4, seed=14, width=83,
    top=[NC + "   BUSINESS", ""],
    mid=["Page 21", NC, dateline("2025-12-04", "long")],
    end=["", "https://northern-courier.example/2025/12/04/greenmeadow-ashford-closure"],
    hyphens=2, blank_paras=False), title=paras_of(R4)[0])

# --- light-edit reprint
R5_EDITS = [
    ("has raised chicks", "has reared chicks"),
    ("disused electricity pole", "disused telegraph pole"),
    ("appear healthy", "seem healthy"),
]
R5_REMOVED = "Since then, the number of breeding bird species at the site has risen from 31 to 58."
add("R5c", "rbn", "2025-07-10", edit(R5, R5_EDITS, [" " + R5_REMOVED]))

# --- excerpts
e1 = paras_of(E1)
add("E1c", "rbn", "2025-10-03", body(
    "Data retention bill: what would be stored, and who could see it",
    "After an overnight sitting, members of parliament have voted to bring back the compulsory storage of phone and internet records. Here is what the bill would mean.",
    *e1[3:6]))
e2 = paras_of(E2)
add("E2c", "md", "2025-12-11", body(
    "Cracked valve behind Selene-1 delay",
    "A cracked fuel valve is to blame for the latest delay to the country's first Moon lander, which will not now launch before the spring of 2027.",
    *e2[3:5],
    "Orbital Dynamics, the Harbor City company that supplies the lander's navigation cameras, said on Wednesday that the delay would not affect its own plans to launch a commercial imaging satellite next year. Its chief executive, Lars Henriksen, said the cameras had already been delivered and would be kept in climate-controlled storage until the lander was ready."))
e3 = paras_of(E3)
add("E3c", "vt", "2026-03-16", body(
    "Weekend sport round-up: record in Harbor City, Ashby fight back, Varga's first title",
    "A course record on the streets of Harbor City, a stirring comeback in the Premier Division and a first professional title for a teenager: here is the weekend in sport.",
    "ATHLETICS",
    *e3[1:],
    "FOOTBALL",
    "Ashby Rovers came from two goals down to beat Dockside Athletic 3-2 at Quarry Lane on Saturday. Callum Reid and Tiago Nunes put Dockside ahead inside 25 minutes, but substitute Jordan Ellis scored twice after the break and defender Luka Peri\u0107 headed the winner in stoppage time. Ashby move up to sixth.",
    "Kestrel City's revival under interim manager Rhys Calloway continued with a 1-1 draw at Northfield United, their fourth game without defeat.",
    "TENNIS",
    "Eighteen-year-old Luc\u00eda Varga won her first professional title at the Brightwater Indoor Open on Sunday, beating the second seed, Annika Roos, 6-4, 3-6, 7-5 in two hours and 38 minutes. Varga, ranked 143rd in the world, came through qualifying and won seven matches in eight days.",
    "CYCLING",
    "Heavy rain forced organisers to shorten the final stage of the Tour of the Lakes to 96 kilometres, and Belgian rider Pieter Claes held on to win the overall title by 14 seconds."))

# --- rewrites
CHANGES = {
    "W1c": {
        "altered_quotes": [
            {"source": "We were promised a fair hearing and instead we got a rubber stamp",
             "copy": "We were promised a fair hearing and all we got was a rubber stamp"}],
        "changed_facts": [
            {"source": "to create around 4,500 jobs at its peak",
             "copy": "to create some 5,400 jobs at the height of construction", "kind": "figure"}],
        "number_rewrites": [
            {"source": "$1.13bn", "copy": "$1.13 billion"},
            {"source": "a public inquiry lasting 11 months", "copy": "an 11-month public inquiry"},
            {"source": "76%", "copy": "76 percent"},
            {"source": "$95m", "copy": "$95 million"},
            {"source": "2.5 hours", "copy": "two and a half hours"}],
        "added_sentences": [paras_of(W1_REWRITE)[-1]],
        "dropped_paragraphs": [paras_of(W1)[7]],
    },
    "W2c": {
        "altered_quotes": [
            {"source": "The water came up faster than anyone expected",
             "copy": "The water rose faster than anyone had expected"}],
        "changed_facts": [
            {"source": "Some 2,000 people were evacuated",
             "copy": "A confirmed 2,000 people had to leave", "kind": "strengthened"},
            {"source": "was \"unlikely\" to be finished before 2027",
             "copy": "would not be completed before 2027", "kind": "strengthened"}],
        "number_rewrites": [
            {"source": "after two days of torrential rain", "copy": "after 48 hours of relentless rain"},
            {"source": "180mm", "copy": "180 millimetres"},
            {"source": "in 48 hours", "copy": "over two days"}],
        "added_sentences": [paras_of(W2_REWRITE)[-1]],
        "dropped_paragraphs": [paras_of(W2)[5]],
    },
    "W3c": {
        "altered_quotes": [
            {"source": "Our customers are not asking whether they want more capacity, they are asking how soon they can have it",
             "copy": "Our customers aren't asking whether they want more capacity, they're asking how fast they can get it"}],
        "changed_facts": [
            {"source": "employ about 2,200 people", "copy": "employ around 2,500 workers", "kind": "figure"}],
        "number_rewrites": [
            {"source": "$4.82bn", "copy": "$4.82 billion"},
            {"source": "41%", "copy": "41 percent"},
            {"source": "76%", "copy": "76 percent"},
            {"source": "$1.27bn from $790m", "copy": "$1.27 billion, compared with $790 million"},
            {"source": "$6.5bn", "copy": "$6.5 billion"},
            {"source": "between $5.1bn and $5.3bn", "copy": "$5.1 billion to $5.3 billion"},
            {"source": "9%", "copy": "9 percent"}],
        "added_sentences": [paras_of(W3_REWRITE)[-1]],
        "dropped_paragraphs": [paras_of(W3)[6]],
    },
    "W4c": {
        "altered_quotes": [
            {"source": "We need to see inflation back at 2% and staying there before we can ease.",
             "copy": "We need to see inflation back at 2 percent and staying there before we can cut."}],
        "changed_facts": [
            {"source": "said a cut at its next meeting in February was unlikely",
             "copy": "ruled out a cut at its next meeting in February", "kind": "strengthened"}],
        "number_rewrites": [
            {"source": "3.25%", "copy": "3.25 percent"},
            {"source": "for a fourth consecutive meeting", "copy": "for the fourth meeting in a row"},
            {"source": "a cut of a quarter of a percentage point to 3%", "copy": "a quarter-point reduction to 3 percent"},
            {"source": "3.1%", "copy": "3.1 percent"},
            {"source": "0.9% from 1.2%", "copy": "0.9 percent from 1.2 percent"}],
        "added_sentences": [paras_of(W4_REWRITE)[-1]],
        "dropped_paragraphs": [paras_of(W4)[6]],
    },
}
REWRITES = {"W1c": (W1, W1_REWRITE), "W2c": (W2, W2_REWRITE),
            "W3c": (W3, W3_REWRITE), "W4c": (W4, W4_REWRITE)}
for key, (src, cp) in REWRITES.items():
    ch = CHANGES[key]
    for lst in ("altered_quotes", "changed_facts", "number_rewrites"):
        for pair in ch[lst]:
            assert pair["source"] in src, (key, pair["source"])
            assert pair["copy"] in cp, (key, pair["copy"])
    for s in ch["added_sentences"]:
        assert s in cp and s not in src
    for s in ch["dropped_paragraphs"]:
        assert s in src

add("W1c", "np", "2026-01-23", W1_REWRITE)
add("W2c", "tw", "2025-10-27", W2_REWRITE)
CEP = "COASTAL EVENING POST"
w3_protect = [p["copy"] for lst in ("altered_quotes", "changed_facts", "number_rewrites")
              for p in CHANGES["W3c"][lst]] + CHANGES["W3c"]["added_sentences"]
add("W3c", "cep", "2025-11-06", epaper(
    W3_REWRITE, seed=15, width=76,
    top=[CEP + " \u2014 BUSINESS", dateline("2025-11-06", "caps"), ""],
    mid=["https://coastal-evening-post.example/2025/11/06/business/silvan-record-quarter", "Page 31"],
    hyphens=2, protect=w3_protect), title=paras_of(W3_REWRITE)[0])
add("W4c", "np", "2025-12-12", W4_REWRITE)

RELATIONS = [
    ("D1", "D1c", "duplicate"), ("D2", "D2c", "duplicate"), ("D3", "D3c", "duplicate"),
    ("R1", "R1c", "reprint"), ("R2", "R2c", "reprint"), ("R3", "R3c", "reprint"),
    ("R4", "R4c", "reprint"), ("R5", "R5c", "reprint"),
    ("E1", "E1c", "excerpt"), ("E2", "E2c", "excerpt"), ("E3", "E3c", "excerpt"),
    ("W1", "W1c", "rewrite"), ("W2", "W2c", "rewrite"), ("W3", "W3c", "rewrite"),
    ("W4", "W4c", "rewrite"),
]
INDEPENDENT = [("W1", "I1"), ("R2", "I2"), ("W4", "I3")]

# --------------------------------------------------------------------------
# ids: per outlet, numbered in date order
docs.sort(key=lambda d: (d["date"], d["outlet"], d["key"]))
counters = {}
for d in docs:
    name, domain, base = OUTLETS[d["outlet"]]
    n = counters.get(d["outlet"], base)
    counters[d["outlet"]] = n + 1
    d["id"] = f"{d['outlet']}-{n:04d}"
ID = {d["key"]: d["id"] for d in docs}
BY_KEY = {d["key"]: d for d in docs}

# sanity checks on the planted relations
for s, c, _ in RELATIONS:
    assert BY_KEY[s]["date"] < BY_KEY[c]["date"], (s, c)
    assert BY_KEY[s]["outlet"] != BY_KEY[c]["outlet"], (s, c)
for s, r in INDEPENDENT:
    assert BY_KEY[s]["outlet"] != BY_KEY[r]["outlet"], (s, r)
assert BY_KEY["D1c"]["text"] == D1 and BY_KEY["D3c"]["text"] == D3
assert norm_ws(BY_KEY["D2c"]["text"].replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")) == norm_ws(D2)
flat = norm_ws(BY_KEY["W3c"]["text"])
for s in w3_protect:
    assert norm_ws(s) in flat, s

# --------------------------------------------------------------------------
with open(os.path.join(HERE, "news.jsonl"), "w", encoding="utf-8", newline="\n") as f:
    for d in docs:
        name, domain, _ = OUTLETS[d["outlet"]]
        title = d["title"] or paras_of(d["text"])[0]
        rec = {"id": d["id"], "title": title, "date": d["date"], "source": name}
        if d["url"]:
            y, m, dd = d["date"].split("-")
            rec["url"] = f"https://{domain}/{y}/{m}/{dd}/{slug(title)}"
        rec["text"] = d["text"]
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")

labels = {
    "derived": [{"source": ID[s], "copy": ID[c], "relation": rel} for s, c, rel in RELATIONS],
    "independent": [{"story": ID[s], "report": ID[r]} for s, r in INDEPENDENT],
    "changes": {ID[k]: v for k, v in CHANGES.items()},
}
with open(os.path.join(HERE, "labels.json"), "w", encoding="utf-8", newline="\n") as f:
    json.dump(labels, f, ensure_ascii=False, indent=2)
    f.write("\n")

if __name__ == "__main__":
    import sys
    if "-v" in sys.argv:
        for d in docs:
            print(f"{d['id']:12} {d['key']:4} {d['date']} {len(d['text'].split()):4d} words  {OUTLETS[d['outlet']][0]}")
    print(f"wrote {len(docs)} articles, {len(RELATIONS)} derived pairs, {len(INDEPENDENT)} independent reports")
