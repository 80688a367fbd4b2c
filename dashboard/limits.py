"""Every size threshold of the package, in one place, each with its reason.

The code reads these as ``limits.NAME`` when it runs, so a test can lower one with
``monkeypatch.setattr(limits, "NAME", n)`` and see the other regime on a small dataset.
The timings quoted are from ``bench/`` (see bench/RESULTS.md). The loader's limits on what a
dataset may hold (file bytes, aliases per actor, problems reported) are part of the data
format's checks and stay with them in dataset.py.
"""

# Serving

# Bytes in a request body: a callback request here is a few kB.
MAX_REQUEST_BYTES = 1024 * 1024
# Fields read from the address's query string: the view has nine; more is not a view.
QUERY_FIELDS = 20
# Characters of a typed actor search that count: no name is longer, and each keystroke asks.
SEARCH_TYPED_CHARS = 200

# Layout (graph.py)

# Actors above which the force layout comes from igraph. networkx's Kamada-Kawai start and
# springs take ~3 s at 200 actors, ~21 s at 500 (from 500 nodes its springs are a Python loop:
# ~235 s at 10,000); igraph takes under 0.3 s at 500 and ~1.5 s at 10,000.
LAYOUT_IGRAPH_ABOVE = 200
# The smallest desktop plot, width and height in px, that the force layout makes room in for
# every actor's marker and label: a 1280x720 window draws the graph in 619x416 px; wider plots
# have more px to a unit of the layout, so what is clear there is clear in them.
LAYOUT_ROOM_PX = (420, 400)
# A phone's plot width in px (a 390 px window draws the graph 332 px wide): there the layout
# keeps every marker apart and makes room for the labels of the bigger actors, as many as fit.
LAYOUT_PHONE_PX = 330
# px kept between two actors' rooms: markers and labels at least this far apart.
LAYOUT_GAP_PX = 4
# Rounds of overlap removal at most: the seed needs a few dozen; a network too dense for its
# labels never clears, and the figure leaves out the labels that do not fit.
LAYOUT_CLEAR_ROUNDS = 400
# Actors in a component from which igraph's Fruchterman-Reingold uses its grid (igraph's own
# "auto" threshold).
LAYOUT_GRID_FROM = 1000
# Actors above which betweenness is estimated from this many sampled sources (seeded): exact
# betweenness is quadratic, and even sampled it takes ~30 s at 10,000 actors.
BETWEENNESS_SAMPLE = 1000

# The figure (figure/)

# Actors from which the figure is drawn as a large one (figure/large.py): Plotly replots every
# marker for any change of trace, a second for 10,000 in SVG, so a large figure keeps its
# traces and moves everything that changes into layout shapes.
LARGE_FIGURE_FROM = 1000
# Edges drawn at most: 15,000 froze a page for seconds, and are unreadable anyway.
EDGE_BUDGET = 2000
# Actors labelled in a large figure: the biggest by the size measure, none over another.
LABELS_AT_SCALE = 40
# A large figure's selection drawn over the veil: two steps out from a hub reach hundreds of
# actors, each a shape; the biggest are drawn.
DISCS_AT_MOST = 300

# The page, the panel and the article view

# Actors up to which the search box holds every actor and the browser searches them; above,
# the server suggests as the reader types, since a browser-side index of thousands of options
# takes seconds to build on every page load.
SEARCH_ALL_UP_TO = 1000
# Suggestions the server sends for what was typed.
SEARCH_SUGGESTIONS = 50
# Relations an actor's panel lists at most, the most quoted: each is a few components, which
# Dash draws one by one (192 relations took seconds). The seed's busiest actor has 25.
PANEL_RELATIONS = 30
# Sentences the article view shows at a time, around the marked one: Dash draws every
# component on its own, and an article of many thousand sentences would freeze the page.
MAX_SENTENCES = 600

# Curate (curate/journal.py)

# Changes curate can undo: a day's curation of a long article is a few hundred; each is a line
# of the journal about as long as the rows it changed.
CURATE_UNDO = 1000
# Lines of the undo journal before it is rewritten as one line holding the changes that can
# still be undone: twice CURATE_UNDO keeps it to a few MB and its replay at start well under 1 s.
CURATE_JOURNAL_LINES = 2000
