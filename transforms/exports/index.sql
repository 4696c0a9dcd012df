SELECT school_code, school_year, ior, ior_pct, ior_change, blocks, block_vpr, block_oge, block_ege,
       vpr_ku, vpr_fail, oge_pct, oge_fail, ege_score, ege_fail
FROM mart_index ORDER BY school_code, school_year
