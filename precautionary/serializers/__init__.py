"""Serializers of the precautionary API (precautionary/api/): ``inputs`` check the shape of
request bodies only (the services decide); ``outputs`` render what services and reads return."""
