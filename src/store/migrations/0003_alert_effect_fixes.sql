-- Alert areas resolved from geocodes, and onset as the start of an alert's effect (issue 8 review).
--
-- A country code says where a warning applies, not which roads it shuts: routing caps areas
-- resolved from geocodes (the whole country's boundary) at a watch, so they are marked here.
ALTER TABLE alert_areas ADD COLUMN from_geocode boolean NOT NULL DEFAULT false;

-- Areas stored before this column: the parser resolves geocodes only for an area with no polygon
-- and no circle, and then keeps a flag in the stored alert (fromGeocodes). Earlier documents lack
-- the flag, so an area with a country-scheme geocode (the valueNames of src/ingest/cap/geocode.ts
-- isCountryScheme, normalised the same way) and no circle is taken as resolved; a publisher's own
-- polygon that also carried a country code would be capped too, the safer error.
WITH s AS (
  SELECT x.id, a.doc->'infos'->x.info_index->'areas'->x.area_index AS area
  FROM alert_areas x JOIN alerts a ON a.id = x.alert_id WHERE x.kind = 'polygon')
UPDATE alert_areas x SET from_geocode = true FROM s
WHERE s.id = x.id AND (
  (s.area->>'fromGeocodes')::boolean IS TRUE
  OR (s.area ? 'geocodes' AND jsonb_array_length(COALESCE(s.area->'circles', '[]'::jsonb)) = 0 AND EXISTS (
    SELECT 1 FROM jsonb_array_elements(s.area->'geocodes') g
    WHERE regexp_replace(lower(g->>'valueName'), '[^a-z0-9]', '', 'g') IN ('iso31661', 'iso31661alpha2', 'iso31661alpha3', 'iso3166', 'iso3166alpha2', 'iso3166alpha3',
      'iso2', 'iso3', 'isoa2', 'isoa3', 'country', 'countrycode', 'httpwwwisoorgisocountrycodeshtml', 'httpswwwisoorgisocountrycodeshtml')
      AND g->>'value' ~ '^\s*[A-Za-z]{2,3}\s*$')));

-- onset: the earliest onset (else effective, else sent) of the infos, which may be after sent; it
-- used to be clamped to sent. Recomputed from the stored documents (src/ingest/cap/model.ts onsetOf).
UPDATE alerts a SET onset = (SELECT min(COALESCE((i->>'onset')::timestamptz, (i->>'effective')::timestamptz, a.sent)) FROM jsonb_array_elements(a.doc->'infos') i)
WHERE jsonb_typeof(a.doc->'infos') = 'array';
CREATE INDEX alerts_onset_idx ON alerts (onset);
