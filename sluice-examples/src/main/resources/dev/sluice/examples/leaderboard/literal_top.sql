-- The literal design's top 100: best score per player over the view.
SELECT player_id, max(score) AS best FROM literal.v_leaderboard_1s GROUP BY player_id ORDER BY best DESC, player_id LIMIT 100
