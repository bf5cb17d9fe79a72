"""How much reportgen reads from files from many hands: one policy, every limit named once.

Each reader checks its limit before it reads (or decodes) what a limit bounds, and refuses
what is beyond it with a located message naming the limit and the way round it; docs/
data-format.md ("Limits") lists them for users.
"""

from __future__ import annotations

# YAML: report.yaml, narrative.yaml, a mapping (each a few kilobytes).
MAX_YAML_BYTES = 5_000_000
MAX_YAML_DEPTH = 50  # levels of nesting
MAX_YAML_NODES = 100_000  # values, counting each alias as everything it stands for

# Zip archives: a workbook or a Word file holds a few dozen parts.
MAX_ARCHIVE_MEMBERS = 10_000
MAX_WORKBOOK_UNZIPPED_BYTES = 20_000_000  # a sheet of some 80,000 rows: larger tables as CSV
MAX_WORD_UNZIPPED_BYTES = 50_000_000  # a pack's .docx is a few MB; more is not a pack

# Figures and tables.
LARGEST_FIGURE = 1e15  # far beyond any count of children or pounds; rounding stays exact

# Presentation files.
MAX_LOGO_BYTES = 1_000_000
MAX_LOGO_PIXELS = 4_000_000
MAX_WORD_TEMPLATE_BYTES = 10_000_000

# Names made from users' words.
MAX_SLUG_CHARS = 80

# Documents: the council's own sections, officers' Word files, templates and logos.
MAX_SECTION_CHARS = 50_000  # a section's Markdown: some 15 pages of prose
MAX_SECTION_ITEMS = 500  # its paragraphs, headings and list items: some 12 pages of short items
MAX_SECTIONS = 20  # the council's own sections, each building in time growing with its size
MAX_WORD_NESTING = 10  # tables within tables in a Word file: a pack nests none
