-- Reference areas of the relative rules in force (config reference_areas of the last build).
SELECT rule, area, title, text FROM cfg_areas
