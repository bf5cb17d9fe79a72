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
MAX_TEMPLATE_UNZIPPED_BYTES = (
    100_000_000  # a template's parts, unpacked (checked by zip sizes first)
)

# Names made from users' words.
MAX_SLUG_CHARS = 80

# Tables: the report's CSV tables and the published files imported (CSV or Parquet). The
# largest real ones are some 3.3 MB of CSV (LAIT's key measures, 52,000 rows; care leavers'
# activity, 280,000 cells) and LAIT's whole Parquet file (1.8 MB, 641,070 rows); each limit
# is at least ten times those, and bounds the work before it is done: bytes by the file's size,
# a Parquet file's rows by its metadata, a CSV's rows and cells as they are read.
MAX_TABLE_BYTES = 100_000_000  # a file's size on disk, checked before it is opened
MAX_TABLE_ROWS = 10_000_000  # rows in the file (each one is scanned, kept or not)
MAX_TABLE_CELLS = 5_000_000  # cells kept in memory as text (rows kept x columns)
MAX_TABLE_COLUMNS = 1_000  # the widest real table has 27
MAX_LINE_CHARS = 1_000_000  # one line of a CSV file (a cell holds at most 131,072 characters)

# Dates and numbers: every date a user gives is a real date within these years where it enters.
FIRST_YEAR = 1900  # before any children's services statistics; a year back still a date
LAST_YEAR = 2100  # far beyond any meeting or period; a year on from it still a date
FIRST_PACK_YEAR = 1980  # a pack's date (`generated`): a .docx's zip timestamps start at 1980
ZIP_YEARS = (1980, 2107)  # what a zip timestamp can hold at all

# JSON read from users' folders: the last pack's manifest (`previous:`).
MAX_JSON_BYTES = 20_000_000  # a manifest is a few hundred kilobytes
MAX_JSON_DEPTH = 50  # levels of nesting; a manifest has four

# Numbers in report.yaml and the indicators table beyond the figures themselves.
MAX_NUMBER_CHARS = 40  # a YAML whole number longer is no setting (and slow to read)
MOST_RELATIVE_TOLERANCE = 100.0  # per cent: a band as wide as the reference rates nothing
MAX_SUPPRESSION_THRESHOLD = 100_000  # far above any rule (DfE suppresses counts below 6 or 10)

# Messages: what a user typed, repeated back.
MAX_ECHO_CHARS = 80  # of a typed value repeated in a message: enough to recognise it

# Documents: the council's own sections, officers' Word files, templates and logos.
MAX_SECTION_CHARS = 50_000  # a section's Markdown: some 15 pages of prose
MAX_SECTION_ITEMS = 500  # its paragraphs, headings and list items: some 12 pages of short items
MAX_SECTIONS = 20  # the council's own sections, each building in time growing with its size
MAX_WORD_NESTING = 10  # tables within tables in a Word file: a pack nests none

# A council's Word template: what reaches outside the pack is removed and named in a warning.
MAX_NAMED_REMOVED = 5  # things of one kind named in the warning; the rest are counted
