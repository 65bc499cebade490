"""The article pipeline: pure stages (extract → dates → actors → claims → events), see pipeline.py."""
