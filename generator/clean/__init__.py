"""What stage 3 (``generator.classify``) reads a page with — shapes, not one outlet's strings.

- ``lines``: one line at a time — furniture shapes and vocabularies, bylines,
  date lines, bylines glued to the lead;
- ``datelines``: publication and update stamps in any printed form;
- ``outlets``: the registry of Korean news outlets and its look-ups;
- ``headline``: which header line is the headline (and rubric, deck);
- ``captions``: photo captions and trailing furniture among body lines.
"""
