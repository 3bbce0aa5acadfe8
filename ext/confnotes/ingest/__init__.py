"""Ways into a report page, organised by the flow of the data:

``sources/``  read a source (a file, directory or URL; the format found from the
              content by ``detect``, fetched by ``fetch``) into ``confnotes.model``
              records: schedules, the pretalx API, Sessionize, pyvideo, Markdown notes
``match``     pair records of two sources (recordings with cards, programme talks
              with cards written by hand)
``page``      read a page people edit: where its report block and cards are
``writer``    THE MyST writer: records -> page text, untrusted text made safe here
``merge``     a programme into a page (what the programme last wrote, per field)
``recordings``  video and slide links into a page
``pagefile``  read a page, write it atomically; ``summary``: what a command prints
``cli_schedule``, ``cli_recordings``  the commands (``confnotes.cli`` has the rest)
"""
